/**
 * Which events meet a simple test, read from the result's columns (EventStore) when it has them: the text
 * report asks several such questions of a 100 MB log, and answering each by building a million LogEvents made
 * the report take longer than the parse. A result assembled by hand (tests) is walked as objects.
 */
import { DIR_CLIENT, DIR_SERVER, STATUS_CODES, type EventStore } from '../msnp/event-store';
import { assertNever } from '../msnp/assert';
import type { LogEvent, ParseResult } from '../msnp/types';

export type EventTest = 'error' | 'client' | 'server' | 'unanswered';

const UNANSWERED = STATUS_CODES.indexOf('unanswered');

function storeTest(store: EventStore, test: EventTest): (i: number) => boolean {
  switch (test) {
    case 'error': return (i) => store.codeOf(i) >= 0;
    case 'client': return (i) => store.dirCode(i) === DIR_CLIENT;
    case 'server': return (i) => store.dirCode(i) === DIR_SERVER;
    case 'unanswered': return (i) => store.statusCode(i) === UNANSWERED;
    default: return assertNever(test, 'event test');
  }
}

function objectTest(test: EventTest): (e: LogEvent) => boolean {
  switch (test) {
    case 'error': return (e) => e.error !== null;
    case 'client': return (e) => e.direction === 'client';
    case 'server': return (e) => e.direction === 'server';
    case 'unanswered': return (e) => e.status === 'unanswered';
    default: return assertNever(test, 'event test');
  }
}

/** Ids of the events meeting `test`, in log order. */
export function idsWhere(r: ParseResult, test: EventTest): number[] {
  const out: number[] = [];
  const store = r.tables?.events;
  if (store !== undefined) {
    const keep = storeTest(store, test);
    for (let i = 0; i < store.length; i++) if (keep(i)) out.push(i);
    return out;
  }
  const keep = objectTest(test);
  r.events.forEach((e, i) => {
    if (keep(e)) out.push(i);
  });
  return out;
}

/** How many events meet `test`. */
export function countWhere(r: ParseResult, test: EventTest): number {
  const store = r.tables?.events;
  if (store === undefined) return idsWhere(r, test).length;
  const keep = storeTest(store, test);
  let n = 0;
  for (let i = 0; i < store.length; i++) if (keep(i)) n++;
  return n;
}
