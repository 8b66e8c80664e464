/**
 * Words for the unused-switchboard finding (switchboard.ts finds the grants): counts, the first lines of each
 * kind, and every request, grant and USR as evidence.
 */
import type { EventStore } from '../event-store';
import type { EventId, Finding } from '../types';
import { toEventId } from '../types';
import { plural } from './event-index';
import type { Grants } from './switchboard';

/**
 * The finding for the unused grants (`unused`: grant indexes in log order; `usrs[k]`: the USR that used grant k's
 * cookie, −1: none). The narrative lists the first LINES_SHOWN lines of each kind; the evidence every request,
 * grant and USR, sorted natively in a typed array.
 */
export function unusedFinding(store: EventStore, grants: Grants, usrs: Int32Array, unused: Int32Array, refusals: Int32Array): Finding {
  const neverLines: number[] = [];
  const refusedLines: number[] = [];
  const refusedCodes = new Set<number>();
  const idleLines: number[] = [];
  const ids = new Int32Array(unused.length * 3);
  let n = 0;
  let never = 0;
  let refused = 0;
  let idle = 0;
  for (let u = 0; u < unused.length; u++) {
    const k = unused[u] ?? 0;
    const usr = usrs[k] ?? -1;
    const code = refusals[u] ?? -1;
    ids[n++] = grants.xfr[k] ?? 0;
    ids[n++] = grants.reply[k] ?? 0;
    if (usr >= 0) ids[n++] = usr;
    if (usr < 0) {
      if (never++ < LINES_SHOWN) neverLines.push(store.lineOf(grants.reply[k] ?? 0));
    } else if (code >= 0) {
      refusedCodes.add(code);
      if (refused++ < LINES_SHOWN) refusedLines.push(store.lineOf(usr));
    } else if (idle++ < LINES_SHOWN) idleLines.push(store.lineOf(usr));
  }
  const total = unused.length;
  const codes = [...refusedCodes].sort((a, b) => a - b).join(', ');
  const parts = [
    never > 0
      ? `${plural(never, 'grant')} (${shownLines(neverLines, never)}) ${never === 1 ? 'was' : 'were'} never connected to (no switchboard USR with ${never === 1 ? 'its' : 'their'} cookie)`
      : '',
    refused > 0
      ? `${plural(refused, 'switchboard')} refused the client's USR (${shownLines(refusedLines, refused)}, answered ${codes}), so ${refused === 1 ? 'it was' : 'they were'} never joined`
      : '',
    idle > 0
      ? `${plural(idle, 'switchboard')} ${idle === 1 ? 'was' : 'were'} joined (${shownLines(idleLines, idle)}) and then saw no CAL and no message`
      : '',
  ].filter((p) => p !== '');
  return {
    id: 'switchboard-unused-1',
    kind: 'switchboard-unused',
    severity: 'note',
    group: 'sequence',
    title: `${plural(total, 'switchboard')} requested but never used`,
    narrative: [`The client asked for ${plural(total, 'switchboard')} (XFR SB) and the server granted ${total === 1 ? 'it' : 'them'}, but `, parts.join('; '), '. Unused requests still count towards the limit of 8 switchboard requests per 60 s.'].join(''),
    advice: 'Request a switchboard only when a chat starts, and reuse an open one for the same contact.',
    evidence: sortedUniqueList(ids.subarray(0, n)),
    detail: { kind: 'none' },
  };
}

/**
 * How many line numbers a narrative lists: a log with tens of thousands of unused grants printed every one (a
 * paragraph nobody reads, and the largest string of the result); the evidence keeps every line.
 */
const LINES_SHOWN = 20;

/** `lines 460, 462, … (25648 in all)`: the first LINES_SHOWN of `total` lines (`shown` holds at most those). */
function shownLines(shown: readonly number[], total: number): string {
  const more = total > shown.length ? `, … (${total} in all)` : '';
  return `line${total === 1 ? '' : 's'} ${shown.join(', ')}${more}`;
}

/** The ids sorted (in place, natively) without repeats, as a list sized to its length. */
function sortedUniqueList(ids: Int32Array): EventId[] {
  ids.sort();
  let w = 0;
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r] ?? 0;
    if (w === 0 || ids[w - 1] !== id) ids[w++] = id;
  }
  const out = new Array<EventId>(w); // Array.from(typed, fn) steps an iterator: an object per element
  for (let k = 0; k < w; k++) out[k] = toEventId(ids[k] ?? 0);
  return out;
}
