/**
 * The typed message protocol between the main thread (`client.ts`) and the parse worker (`parse.worker.ts`).
 *
 * Hand-rolled discriminated unions (see ARCHITECTURE §2): five messages do not need an RPC library, and keeping
 * them explicit keeps progress and cancel semantics visible. Both sides run the `is*` guard on every
 * `MessageEvent.data` before trusting it, because structured clone hands us `unknown`.
 */
import type { DialectId, ParseResult } from '../msnp/types';
import type { EventColumns } from './event-columns';

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
   * receiving (main) thread when the message is delivered. Slices of a few hundred KB keep each of those tasks
   * short, so the page keeps painting and Cancel keeps answering. Every big list of the result goes this way
   * (events, non-protocol lines, connections, diagnostics, findings); the `result` that follows carries them
   * empty, and the counts to check the reassembly against.
   */
  | ResultChunk
  | {
      readonly kind: 'result';
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: RequestId;
      readonly result: ParseResult;
      /** Short content fingerprint of the input bytes (see fingerprint.ts); goes into the URL as `log=`. */
      readonly fingerprint: string;
      readonly elapsedMs: number;
      /** Set when the lists were sent ahead in chunks: how many items of each to expect. */
      readonly chunked: ChunkCounts | null;
      /** The filter/sort/strip columns of the result, built beside the parse; their buffers are transferred. */
      readonly columns: EventColumns;
    }
  | {
      readonly kind: 'failure';
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: RequestId;
      readonly error: { readonly name: string; readonly message: string };
    };

/** The lists of a ParseResult that cross in slices. */
export const CHUNKED_LISTS = ['events', 'nonProtocol', 'connections', 'diagnostics', 'findings'] as const;
export type ChunkedList = (typeof CHUNKED_LISTS)[number];
export type ChunkCounts = { readonly [K in ChunkedList]: number };

/** One slice of one list; `list` says which, and types `items`. */
export type ResultChunk = {
  readonly [K in ChunkedList]: {
    readonly kind: 'chunk';
    readonly v: typeof PROTOCOL_VERSION;
    readonly id: RequestId;
    readonly list: K;
    readonly items: ParseResult[K];
  };
}[ChunkedList];

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
    case 'chunk':
      return (CHUNKED_LISTS as readonly unknown[]).includes(x['list']) && Array.isArray(x['items']);
    case 'result':
      return (
        isRecord(x['result']) &&
        (x['chunked'] === null || isRecord(x['chunked'])) &&
        x['result']['schemaVersion'] === 1 &&
        typeof x['fingerprint'] === 'string' &&
        isNumber(x['elapsedMs']) &&
        isRecord(x['columns']) &&
        isNumber(x['columns']['count'])
      );
    case 'failure':
      return isRecord(x['error']) && typeof x['error']['message'] === 'string';
    default:
      return false;
  }
}
