/**
 * The per-command, per-direction table: does the line carry a TrId, and can a byte-counted payload follow?
 *
 * "The second token is a number, so it is a TrId" is wrong for RNG (session id), NOT/IPG (length), QNG
 * (seconds), server MSG/UBX/NLN (handles); this table decides instead. Facts from msnp-protocol.md §1.2, §2, §3.
 * The length of a payload is always the LAST token and counts bytes. Exported for the pairing stage too.
 */
import type { Direction } from './types';
import { verbPredicate } from './verb-code';

/**
 * How the token after the command is read:
 * - 'always': it is the TrId (a template placeholder such as `TrId` in documentation counts too);
 * - 'optional': it is the TrId only when numeric (OUT with/without TrId, LST/GTC/BLP/PRP inside a SYN burst);
 * - 'never': the command has no TrId (PNG, QNG, NLN, RNG, server MSG …).
 */
export type TrIdRule = 'always' | 'optional' | 'never';

export interface CommandSpec {
  readonly trId: TrIdRule;
  /** A payload follows when the last parameter is a byte count. */
  readonly payload: boolean;
  /** Server → client only: an asynchronous notification that never closes a transaction. */
  readonly async: boolean;
  /** False for verbs the table does not know (kept as written, flagged by diagnostics). */
  readonly known: boolean;
}

const spec = (trId: TrIdRule, payload: boolean, async = false): CommandSpec => ({
  trId,
  payload,
  async,
  known: true,
});

const CLIENT = new Map<string, CommandSpec>();
const SERVER = new Map<string, CommandSpec>();

function define(table: Map<string, CommandSpec>, verbs: string, s: CommandSpec): void {
  for (const verb of verbs.split(' ')) table.set(verb, s);
}

// Client → server.
define(CLIENT, 'VER CVR CVQ INF USR XFR SYN GTC BLP PRP SBP ADD ADC REM ADG RMG REG REA CHG CHL URL SND FND IMS CAL ANS SBS', spec('always', false));
define(CLIENT, 'QRY UUX ADL RML FQY UUN UUM SDC PGD PUT DEL SDG VAS MSG GCF CNT ATH BND', spec('always', true));
define(CLIENT, 'PNG', spec('never', false));
define(CLIENT, 'OUT', spec('optional', false)); // papyon writes `OUT 7`; the protocol has plain `OUT`

// Server → client: replies echo the TrId (TrId 0 = unsolicited).
define(SERVER, 'VER CVR CVQ INF USR XFR SYN REA CHG CHL ILN URL SND FND IMS CAL IRO ANS ACK NAK SBS ADD ADC REM ADG RMG REG SBP QRY', spec('always', false));
define(SERVER, 'GCF UUX ADL RML FQY UUN UUM PUT DEL SDG CNT ATH BND', spec('always', true));
// Inside a SYN burst these lose their TrId from MSNP8 on (`GTC A`, `BLP AL`, `LST N=… F=… C=… 11`).
define(SERVER, 'LST GTC BLP PRP', spec('optional', false));
define(SERVER, 'LSG BPR', spec('never', false));
define(SERVER, 'NLN FLN RNG JOI BYE QNG', spec('never', false, true));
define(SERVER, 'OUT', spec('optional', false, true));
define(SERVER, 'NOT IPG UBX UBN UBM MSG NFY', spec('never', true, true));

const ERROR_SPEC = spec('always', true); // `NNN TrId` or `NNN TrId len` + payload (MSNP13+)
const UNKNOWN_SPEC: CommandSpec = { trId: 'optional', payload: false, async: false, known: false };

/** True for a 3-digit error code such as `911`. */
export function isErrorCode(command: string): boolean {
  return command.length === 3 && isDigit(command.charCodeAt(0)) && isDigit(command.charCodeAt(1)) && isDigit(command.charCodeAt(2));
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The table entry for a command in a direction; an unknown direction takes the client's entry first. */
export function commandSpec(command: string, direction: Direction | null): CommandSpec {
  if (isErrorCode(command)) return ERROR_SPEC;
  const found =
    direction === 'client'
      ? CLIENT.get(command)
      : direction === 'server'
        ? SERVER.get(command)
        : (CLIENT.get(command) ?? SERVER.get(command));
  if (found) return found;
  // A verb known only in the other direction is still known (e.g. a doc writing `S: PNG`): reuse its rules.
  const other = direction === 'client' ? SERVER.get(command) : CLIENT.get(command);
  return other ?? UNKNOWN_SPEC;
}

/** Whether the verb appears anywhere in the table. */
export function isKnownCommand(command: string): boolean {
  return isErrorCode(command) || CLIENT.has(command) || SERVER.has(command);
}

/** isKnownCommand read from a table by verb code: the diagnostics ask it for every event. */
export const isKnownVerb: (command: string) => boolean = verbPredicate(isKnownCommand);

/** Every verb in the table (for documentation and tests). */
export function knownCommands(): readonly string[] {
  return [...new Set([...CLIENT.keys(), ...SERVER.keys()])].sort();
}
