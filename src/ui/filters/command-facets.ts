/**
 * The Commands picker's list: the commands (verbs) of the whole log with their counts, most used first. An error
 * reply's "verb" is its code (`800`, `911`); errors have their own filters (the Code select and the range chips),
 * so listing them here as commands would only say the same thing in a second, misleading place.
 */

export interface CommandFacet {
  readonly command: string;
  readonly count: number;
}

/** An error reply's code standing where a verb stands: three digits, as MSNP writes them. */
const ERROR_CODE_VERB = /^\d{3}$/;

/** The picker's entries: commands only, most used first, then by name. */
export function toCommandFacets(byCommand: ReadonlyMap<string, number>): CommandFacet[] {
  const out: CommandFacet[] = [];
  for (const [command, count] of byCommand) if (!ERROR_CODE_VERB.test(command)) out.push({ command, count });
  return out.sort((a, b) => b.count - a.count || a.command.localeCompare(b.command));
}
