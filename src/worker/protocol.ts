/**
 * The typed message protocol between the main thread (`client.ts`) and the parse worker (`parse.worker.ts`).
 *
 * Hand-rolled discriminated unions (see ARCHITECTURE §2): five messages do not need an RPC library, and keeping
 * them explicit keeps progress and cancel semantics visible. Both sides run the `is*` guard on every
 * `MessageEvent.data` before trusting it, because structured clone hands us `unknown`.
 */
import type { DialectId, LogEvent, NonProtocolLine, ParseResult } from '../msnp/types';

export const PROTOCOL_VERSION = 1 as const;

export type RequestId = number & { readonly __brand: 'RequestId' };
export const toRequestId = (n: number): RequestId => n as RequestId;

export type ToWorker =
  | {
      readonly kind: 'parse';
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: RequestId;
      readonly fileName: string | null;
      /** Transferred, not copied: the sender loses access to it. */
      readonly bytes: ArrayBuffer;
      /** Force a dialect instead of detecting one (the user's override). */
      readonly dialect: DialectId | null;
    }
  | { readonly kind: 'cancel'; readonly v: typeof PROTOCOL_VERSION; readonly id: RequestId };

export type FromWorker =
  | {
      readonly kind: 'progress';
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: RequestId;
      readonly bytesDone: number;
      readonly bytesTotal: number;
      readonly events: number;
    }
  /**
   * A big result crosses in slices: structured clone of a million events costs seconds, and it is paid on the
   * receiving (main) thread when the message is delivered. Slices of a few thousand items keep each of those
   * tasks short, so the page keeps painting and Cancel keeps answering. The `result` that follows carries
   * empty `events`/`nonProtocol` and the counts to check the reassembly against.
   */
  | { readonly kind: 'events-chunk'; readonly v: typeof PROTOCOL_VERSION; readonly id: RequestId; readonly events: readonly LogEvent[] }
  | {
      readonly kind: 'lines-chunk';
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: RequestId;
      readonly lines: readonly NonProtocolLine[];
    }
  | {
      readonly kind: 'result';
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: RequestId;
      readonly result: ParseResult;
      /** Short content fingerprint of the input bytes (see fingerprint.ts); goes into the URL as `log=`. */
      readonly fingerprint: string;
      readonly elapsedMs: number;
      /** Set when events and non-protocol lines were sent ahead in chunks: how many of each to expect. */
      readonly chunked: { readonly events: number; readonly lines: number } | null;
    }
  | {
      readonly kind: 'failure';
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: RequestId;
      readonly error: { readonly name: string; readonly message: string };
    };

type Rec = Readonly<Record<string, unknown>>;

function isRecord(x: unknown): x is Rec {
  return typeof x === 'object' && x !== null;
}

function hasHeader(x: unknown): x is Rec & { kind: string; id: number } {
  return (
    isRecord(x) && x['v'] === PROTOCOL_VERSION && typeof x['kind'] === 'string' && typeof x['id'] === 'number'
  );
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Narrows data received by the worker. */
export function isToWorker(x: unknown): x is ToWorker {
  if (!hasHeader(x)) return false;
  switch (x.kind) {
    case 'parse':
      return (
        x['bytes'] instanceof ArrayBuffer &&
        (x['fileName'] === null || typeof x['fileName'] === 'string') &&
        (x['dialect'] === null || typeof x['dialect'] === 'string')
      );
    case 'cancel':
      return true;
    default:
      return false;
  }
}

/** Narrows data received by the main thread. The result body is trusted once its envelope checks out. */
export function isFromWorker(x: unknown): x is FromWorker {
  if (!hasHeader(x)) return false;
  switch (x.kind) {
    case 'progress':
      return isNumber(x['bytesDone']) && isNumber(x['bytesTotal']) && isNumber(x['events']);
    case 'events-chunk':
      return Array.isArray(x['events']);
    case 'lines-chunk':
      return Array.isArray(x['lines']);
    case 'result':
      return (
        isRecord(x['result']) &&
        (x['chunked'] === null || isRecord(x['chunked'])) &&
        x['result']['schemaVersion'] === 1 &&
        typeof x['fingerprint'] === 'string' &&
        isNumber(x['elapsedMs'])
      );
    case 'failure':
      return isRecord(x['error']) && typeof x['error']['message'] === 'string';
    default:
      return false;
  }
}
