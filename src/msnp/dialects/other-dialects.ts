/**
 * A file holds one dialect, but people paste two logs into one file. The lines of the dialect that was not read
 * end among the non-protocol lines; this finds those that are another dialect's protocol lines, notes each, and
 * says in one diagnostic how many there are and how to read them. It runs only when the head already showed
 * such lines (detection scored every dialect there), and then only on the lines left as noise.
 */
import type { NonProtocolStore } from '../event-store';
import { formatCount } from '../format-count';
import type { LineSource } from '../line-source';
import type { DialectCandidate, Diagnostic } from '../types';
import { DIALECTS } from './index';
import type { Dialect } from './reader';

/** Note the noise lines that another dialect would read; one warning per such dialect. */
export function otherDialectLines(np: NonProtocolStore, source: LineSource, read: Dialect, candidates: readonly DialectCandidate[]): Diagnostic[] {
  const others = DIALECTS.filter((d) => d.id !== read.id && (candidates.find((c) => c.dialect === d.id)?.matched ?? 0) > 0);
  if (others.length === 0) return [];
  const counts = others.map(() => 0);
  const firsts = others.map(() => 0);
  const one: string[] = [''];
  for (let k = 0; k < np.length; k++) {
    if (np.reasonOf(k) !== 'noise') continue;
    const line = np.lineOf(k);
    one[0] = source.line(line - 1);
    const o = others.findIndex((d) => d.sniff(one).matched > 0);
    const d = others[o];
    if (d === undefined) continue;
    np.annotate(k, `looks like ${article(d.name)} protocol line; not read, as the file was read as ${article(read.name)}`);
    if (counts[o] === 0) firsts[o] = line;
    counts[o] = (counts[o] ?? 0) + 1;
  }
  const out: Diagnostic[] = [];
  others.forEach((d, o) => {
    const n = counts[o] ?? 0;
    if (n === 0) return;
    const first = firsts[o] ?? 0;
    const lines = n === 1 ? `1 line (line ${formatCount(first)}) looks` : `${formatCount(n)} lines (from line ${formatCount(first)}) look`;
    const message =
      `${lines} like protocol lines of ${article(d.name)}, but the file was read as ${article(read.name)}, so ${n === 1 ? 'it was' : 'they were'} not read. ` +
      `To read ${n === 1 ? 'it' : 'them'}, choose ${d.id} as the format (Format selector; CLI: --format ${d.id}).`;
    out.push({ kind: 'other-dialect-lines', severity: 'warning', message, events: [], line: first });
  });
  return out;
}

/** `a libpurple (Pidgin) debug log`, `an Escargot server log`. */
function article(name: string): string {
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}
