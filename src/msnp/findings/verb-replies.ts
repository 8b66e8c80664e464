/**
 * The first reply of every client line of a verb, and that reply's error code, read once for all the rules that
 * need them. The rate-limit rule and the switchboard rules both walk the CAL and XFR lines and ask each for its
 * reply and whether that was an error: on a 100 MB log that is a few hundred thousand random reads of the
 * direction, reply and code columns, which the second rule now reads in order from two small typed lists.
 */
import { DIR_CLIENT } from '../event-store';
import { firstReplyId } from './column-reads';
import type { EventIndex } from './event-index';
import { NO_IDS } from './event-index';

/** `reply[k]` for a line that is not the client's (no reply looked up). */
export const NOT_CLIENT = -2;

/** Parallel to `index.verbIds.get(verb)`: entry k is about the k-th line of the verb. */
export interface VerbReplies {
  /** `firstReplyId` of a client line (−1: none), NOT_CLIENT for any other line. */
  readonly reply: Int32Array;
  /** The reply's error code (`store.codeOf`), −1 when it is no error or there is no reply. */
  readonly code: Int16Array;
}

const NONE: VerbReplies = { reply: NO_IDS, code: new Int16Array(0) };

/** Filled on first request per index and verb; dropped with the index when the findings stage ends. */
const CACHE = new WeakMap<EventIndex, Map<string, VerbReplies>>();

export function verbReplies(index: EventIndex, verb: string): VerbReplies {
  let byVerb = CACHE.get(index);
  if (byVerb === undefined) {
    byVerb = new Map();
    CACHE.set(index, byVerb);
  }
  let out = byVerb.get(verb);
  if (out === undefined) {
    out = readReplies(index, index.verbIds.get(verb) ?? NO_IDS);
    byVerb.set(verb, out);
  }
  return out;
}

function readReplies(index: EventIndex, ids: Int32Array): VerbReplies {
  if (ids.length === 0) return NONE;
  const { store } = index;
  const reply = new Int32Array(ids.length);
  const code = new Int16Array(ids.length);
  // Built before the loop: this runs once per verb, and on a fresh run code after an optimised loop that has not
  // run yet sends the function back to the interpreter, for the next verb's loop too.
  const out: VerbReplies = { reply, code };
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] ?? 0;
    if (store.dirCode(id) !== DIR_CLIENT) {
      reply[k] = NOT_CLIENT;
      code[k] = -1;
      continue;
    }
    const r = firstReplyId(index, id);
    reply[k] = r;
    // Error codes are three digits (200–999): they fit the 16-bit list.
    code[k] = r < 0 ? -1 : store.codeOf(r);
  }
  return out;
}
