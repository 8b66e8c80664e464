/**
 * The `events` of the --json document read from the result's columns: one DocEvent per event without building
 * its LogEvent first (which decodes every payload's text and copies its reply list, none of which the document
 * prints). On the 100 MB transcript that building alone was ~6 s of the run. The LogEvent is still built for
 * error events, which the in-context explanation reads. Field order matches `toDocEvent`, so the JSON text is
 * the same byte for byte.
 */
import { lookupError } from '../msnp/error-codes';
import { flagsOfMask, type EventStore } from '../msnp/event-store';
import type { LogEvent, ParseResult } from '../msnp/types';
import type { DocEvent, DocExtras } from './analysis-document';

export function docEventsFromStore(r: ParseResult, store: EventStore, explain: DocExtras['explain']): (i: number) => DocEvent {
  return (i) => {
    const code = store.codeOf(i);
    const error = code < 0 ? null : lookupError(code);
    const event = error === null ? undefined : r.events[i];
    const note = event === undefined ? null : explain(event as LogEvent);
    const declared = store.payloadDeclaredBytes(i);
    const replyTo = store.replyToOf(i);
    const latency = store.latencyOf(i);
    const flags = flagsOfMask(store.flagBits(i));
    return {
      id: i, line: store.lineOf(i), endLine: store.endLineOf(i), time: store.timeOf(i), direction: store.directionOf(i),
      connection: store.connectionOf(i), command: store.commandOf(i), trId: store.trIdOf(i), params: store.paramsOf(i),
      status: store.statusOf(i),
      ...(declared < 0 ? {} : { payloadBytes: declared }),
      ...(replyTo < 0 ? {} : { replyTo }),
      ...(latency === null ? {} : { latencyMs: latency }),
      ...(error === null ? {} : { error: { code: error.code, name: error.name, class: error.class, known: error.known } }),
      ...(note === null ? {} : { explanation: note.inContext }),
      ...(note === null || note.advice === '' ? {} : { advice: note.advice }),
      ...(flags.length === 0 ? {} : { flags }),
    };
  };
}
