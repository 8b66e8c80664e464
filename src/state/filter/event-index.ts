/**
 * The column-oriented copy of a ParseResult that filters, counts, sorts and the overview strip read (see
 * worker/event-columns.ts), cached by result identity. A load from the worker arrives with its columns already
 * built off the main thread and is `primeEventIndex`-ed before the result reaches the store; a result from
 * anywhere else (tests, a report link) has them built on first request.
 */
import type { ParseResult } from '../../msnp/types';
import { buildEventColumns, type EventColumns } from '../../worker/client';

export {
  DIR_CLIENT,
  DIR_NONE,
  DIR_SERVER,
  FLAG_ERROR,
  FLAG_INFERRED,
  FLAG_ORPHAN,
  FLAG_UNANSWERED,
  markTextMatches,
} from '../../worker/client';

export type EventIndex = EventColumns;

const cache = new WeakMap<ParseResult, EventIndex>();

/** The index for a result, built on first request and then reused. */
export function getEventIndex(result: ParseResult): EventIndex {
  let idx = cache.get(result);
  if (!idx) {
    idx = buildEventColumns(result);
    cache.set(result, idx);
  }
  return idx;
}

/** Installs columns built elsewhere (the worker) for a result; ignored when they do not fit it. */
export function primeEventIndex(result: ParseResult, columns: EventColumns): void {
  if (columns.count === result.events.length && columns.npLine.length === result.nonProtocol.length) {
    cache.set(result, columns);
  }
}
