/**
 * A file may hold several logs (a block of another dialect pasted after the first: parse-log.ts); each is a session
 * of its own. A session is told by its first event: these helpers turn the lines where logs begin into event ids,
 * and find an event's session and that session's last event by binary search, so a caller asking once per error
 * (the CLI explains every error of a huge log) pays a few compares, nothing per event.
 */
import type { EventStore } from './event-store';
import { toEventId, type EventId } from './types';

/**
 * The first event at or after each 1-based line in `lines` (ascending), given the events in line order: the
 * ParseResult's `sessionStarts`. The first log's start is left out (it starts at event 0), and so is a log with no
 * event in it: two starts with no event between them are one boundary. Empty for a file of one log.
 */
export function sessionStartEvents(store: Pick<EventStore, 'length' | 'lineOf'>, lines: readonly number[]): EventId[] {
  const out: EventId[] = [];
  for (const line of lines) {
    let lo = 0;
    let hi = store.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (store.lineOf(mid) < line) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && lo < store.length && out[out.length - 1] !== lo) out.push(toEventId(lo));
  }
  return out;
}

/** The session (0-based) event `id` is in: how many of `starts` (first events of later logs, ascending) are at or before it. */
export function sessionIndexOf(starts: ArrayLike<number>, id: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] ?? 0) <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last event of event `id`'s session: `lastEvent` (the file's last) unless another log follows it. */
export function sessionLastEvent(starts: ArrayLike<number>, id: number, lastEvent: number): number {
  if (starts.length === 0) return lastEvent;
  const s = sessionIndexOf(starts, id);
  return s < starts.length ? (starts[s] ?? lastEvent + 1) - 1 : lastEvent;
}
