/**
 * The typed message protocol between the main thread (`client.ts`) and the parse worker (`parse.worker.ts`).
 *
 * Hand-rolled discriminated unions (see ARCHITECTURE §2): five messages do not need an RPC library, and keeping
 * them explicit keeps progress and cancel semantics visible. Both sides run the `is*` guard on every
 * `MessageEvent.data` before trusting it, because structured clone hands us `unknown`.
 */
import type { EventStoreData, NonProtocolData } from '../msnp/event-store';
import type { LineSourceData } from '../msnp/line-source';
import type { DialectId, LogEvent, NonProtocolLine, ParseResult, ProgressStage, ReadPass } from '../msnp/types';
import type { EventColumns } from './event-columns';
import type { TablesData } from './table-columns';

/**
 * v2: events and non-protocol lines cross as the store's typed columns (`ResultBody`), not as object slices.
 * v3: progress says which read of the file it counts (`pass`): a file of two formats is read twice.
 * v4: progress says whether the file is still being read or analysed (`stage`): analysis reads no bytes.
 * v5: the result's shell carries `sessionStarts` (where a file of two logs changes log): the page explains errors.
 * v6: `warm-up` asks a worker the page started ahead of any file to warm the parser up (warm-up.ts).
 * v7: `parse` may carry the dropped file itself (a Blob), which the worker reads; a `failure` says whether it
 *     was the read or the analysis that failed.
 * v8: the events' columns carry no `code`: an error line's code is its verb (`dataVerbCodes`); each command's
 *     replies cross as a `ReplyIndex` (rows only for the commands that got one), not a start per event.
 */
export const PROTOCOL_VERSION = 8 as const;

export type RequestId = number & { readonly __brand: 'RequestId' };
export const toRequestId = (n: number): RequestId => n as RequestId;

export type ToWorker =
  | {
      readonly kind: 'parse';
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: RequestId;
      readonly fileName: string | null;
      /**
       * The log: bytes, transferred rather than copied (the sender loses access to them), or a file (Blob) the
       * worker reads itself, off the page's thread.
       */
      readonly bytes: ArrayBuffer | Blob;
      /** Force a dialect instead of detecting one (the user's override). */
      readonly dialect: DialectId | null;
    }
  | { readonly kind: 'cancel'; readonly v: typeof PROTOCOL_VERSION; readonly id: RequestId }
  /** Sent once, only to a worker started ahead of any file (ParseClient.prepare); its id is 0, answered by nothing. */
  | { readonly kind: 'warm-up'; readonly v: typeof PROTOCOL_VERSION; readonly id: RequestId };

export type FromWorker =
  | {
      readonly kind: 'progress';
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: RequestId;
      readonly bytesDone: number;
      readonly bytesTotal: number;
      readonly events: number;
      /** `again`: the second read of a file of two formats, whose bytes count from 0 again. */
      readonly pass: ReadPass;
      /** `analysing`: the reads are over, events and findings are being built (the bar stays full). */
      readonly stage: ProgressStage;
    }
  /**
   * Lists of objects cross in slices: structured clone of tens of thousands of findings or connections costs
   * a long task on the receiving (main) thread when the message is delivered; slices keep each of those tasks
   * short, so the page keeps painting and Cancel keeps answering. Events and non-protocol lines are not among
   * them: they cross as transferred columns in the `result` (see ResultBody).
   */
  | ResultChunk
  | {
      readonly kind: 'result';
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: RequestId;
      readonly body: ResultBody;
      /** Short content fingerprint of the input bytes (see fingerprint.ts); goes into the URL as `log=`. */
      readonly fingerprint: string;
      readonly elapsedMs: number;
      /** Set when the object lists were sent ahead in chunks: how many items of each to expect. */
      readonly chunked: ChunkCounts | null;
      /** The filter/sort/strip columns of the result, built beside the parse; their buffers are transferred. */
      readonly columns: EventColumns;
      /**
       * The one-line verdict (msnp buildVerdict), derived here: it reads the error events, which the page would
       * build from the columns one by one in a long task. Absent from results made without it.
       */
      readonly verdict?: string;
    }
  | {
      readonly kind: 'failure';
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: RequestId;
      /** `read`: the file's bytes could not be had (the file was moved, or is unreadable); `analyse`: the parse threw. */
      readonly during: 'read' | 'analyse';
      readonly error: { readonly name: string; readonly message: string };
    };

/** A ParseResult without the lists that cross as columns, and without the tables (class instances). */
export type ResultShell = Omit<ParseResult, 'events' | 'nonProtocol' | 'tables'>;

/**
 * How the result itself travels:
 * - `whole`: the ParseResult as it is, when nothing is cloned (the main-thread fallback);
 * - `columnar`: the shell plus the tables' typed arrays, every buffer in the transfer list (the input bytes
 *   come back this way: they were transferred to the worker); the page rebuilds the stores with `fromData`;
 * - `plain`: the shell plus the events and lines as objects, for a result with no tables (a parser other than
 *   `parseLog`, e.g. in tests).
 */
export type ResultBody =
  | { readonly kind: 'whole'; readonly result: ParseResult }
  | { readonly kind: 'columnar'; readonly shell: ResultShell; readonly tables: TablesData }
  | {
      readonly kind: 'plain';
      readonly shell: ResultShell;
      readonly events: readonly LogEvent[];
      readonly nonProtocol: readonly NonProtocolLine[];
    };

/** The lists of a ParseResult that cross in slices. */
export const CHUNKED_LISTS = ['connections', 'diagnostics', 'findings'] as const;
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
const isReadPass = (x: unknown): x is ReadPass => x === 'first' || x === 'again';
const isProgressStage = (x: unknown): x is ProgressStage => x === 'reading' || x === 'analysing';

/** Narrows data received by the worker. */
export function isToWorker(x: unknown): x is ToWorker {
  if (!hasHeader(x)) return false;
  switch (x.kind) {
    case 'parse':
      return (
        (x['bytes'] instanceof ArrayBuffer || (typeof Blob !== 'undefined' && x['bytes'] instanceof Blob)) &&
        (x['fileName'] === null || typeof x['fileName'] === 'string') &&
        (x['dialect'] === null || typeof x['dialect'] === 'string')
      );
    case 'cancel':
    case 'warm-up':
      return true;
    default:
      return false;
  }
}

/** Narrows data received by the main thread. Envelopes and the typed-array shapes are checked; the shell's
 * inner records are trusted once their version checks out (they come from our own worker). */
export function isFromWorker(x: unknown): x is FromWorker {
  if (!hasHeader(x)) return false;
  switch (x.kind) {
    case 'progress':
      return isNumber(x['bytesDone']) && isNumber(x['bytesTotal']) && isNumber(x['events']) && isReadPass(x['pass']) && isProgressStage(x['stage']);
    case 'chunk':
      return (CHUNKED_LISTS as readonly unknown[]).includes(x['list']) && Array.isArray(x['items']);
    case 'result':
      return (
        isResultBody(x['body']) &&
        (x['chunked'] === null || isChunkCounts(x['chunked'])) &&
        typeof x['fingerprint'] === 'string' &&
        isNumber(x['elapsedMs']) &&
        isRecord(x['columns']) &&
        isNumber(x['columns']['count']) &&
        (x['verdict'] === undefined || typeof x['verdict'] === 'string')
      );
    case 'failure':
      return (x['during'] === 'read' || x['during'] === 'analyse') && isRecord(x['error']) && typeof x['error']['message'] === 'string';
    default:
      return false;
  }
}

function isChunkCounts(x: unknown): x is ChunkCounts {
  return isRecord(x) && CHUNKED_LISTS.every((k) => isCount(x[k]));
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isIdList = (x: unknown): boolean => Array.isArray(x) && x.every(isCount);

function isShell(x: unknown): x is ResultShell {
  return (
    isRecord(x) && x['schemaVersion'] === 1 && isRecord(x['input']) && isRecord(x['detection']) && isRecord(x['stats']) &&
    isIdList(x['sessionStarts']) && Array.isArray(x['connections']) && Array.isArray(x['diagnostics']) && Array.isArray(x['findings'])
  );
}

function isResultBody(x: unknown): x is ResultBody {
  if (!isRecord(x)) return false;
  switch (x['kind']) {
    case 'whole':
      return isRecord(x['result']) && x['result']['schemaVersion'] === 1;
    case 'columnar':
      return isShell(x['shell']) && isTablesData(x['tables']);
    case 'plain':
      return isShell(x['shell']) && Array.isArray(x['events']) && Array.isArray(x['nonProtocol']);
    default:
      return false;
  }
}

type TypedCtor = Int32ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor | Float64ArrayConstructor | Int16ArrayConstructor | Uint32ArrayConstructor;

/** `x[key]` is a typed array of that type holding at least `n` items. */
function hasColumn(x: Rec, key: string, type: TypedCtor, n: number): boolean {
  const a = x[key];
  return a instanceof type && a.length >= n;
}

function isLineSourceData(x: unknown): x is LineSourceData {
  if (!isRecord(x) || !isCount(x['count'])) return false;
  const n = x['count'];
  return x['bytes'] instanceof Uint8Array && hasColumn(x, 'starts', Int32Array, n) && hasColumn(x, 'terms', Uint8Array, n) &&
    x['invalid'] instanceof Int32Array;
}

const EVENT_I32 = ['line', 'conn', 'replyTo'] as const;
const PAYLOAD_I32 = ['declared', 'shown', 'first', 'last'] as const;

const isPairs = (x: unknown): boolean => Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'number');
const isStrings = (x: unknown): boolean => Array.isArray(x) && x.every((s) => typeof s === 'string');

function isEventStoreData(x: unknown): x is EventStoreData {
  if (!isRecord(x) || !isCount(x['length']) || !isRecord(x['payload']) || !isCount(x['payload']['length'])) return false;
  const n = x['length'];
  const p = x['payload'];
  const pn = p['length'] as number;
  return (
    EVENT_I32.every((k) => hasColumn(x, k, Int32Array, n)) &&
    hasColumn(x, 'dir', Uint8Array, n) && hasColumn(x, 'status', Uint8Array, n) &&
    hasColumn(x, 'endDelta', Uint8Array, n) && hasColumn(x, 'rawOffset', Uint16Array, n) && hasColumn(x, 'paramsFrom', Uint8Array, n) &&
    hasColumn(x, 'payloadBits', Uint32Array, (n >>> 5) + 1) && hasColumn(x, 'payloadRank', Int32Array, (n >>> 5) + 1) &&
    // Narrow columns, or Float64 when the log's values did not fit (event-store.ts).
    (hasColumn(x, 'time', Int32Array, n) || hasColumn(x, 'time', Float64Array, n)) && (x['timeScale'] === 1 || x['timeScale'] === 1000) &&
    (hasColumn(x, 'trId', Uint32Array, n) || hasColumn(x, 'trId', Float64Array, n)) &&
    hasColumn(x, 'verb', Uint16Array, n) && hasColumn(x, 'flags', Uint16Array, n) &&
    PAYLOAD_I32.every((k) => hasColumn(p, k, Int32Array, pn)) && hasColumn(p, 'visibility', Uint8Array, pn) &&
    isReplyIndex(x['replies'], n) &&
    isStrings(x['verbs']) && isStrings(x['connectionIds']) &&
    isPairs(x['rawText']) && isPairs(x['paramLists']) && isPairs(x['payloadText']) &&
    isPairs(x['bigEndDelta']) && isPairs(x['bigRawOffset']) && isPairs(x['bigParamsFrom'])
  );
}

function isReplyIndex(x: unknown, n: number): boolean {
  return isRecord(x) && hasColumn(x, 'bits', Uint32Array, (n >>> 5) + 1) && hasColumn(x, 'rank', Int32Array, (n >>> 5) + 1) &&
    x['start'] instanceof Int32Array && x['start'].length >= 1 && x['list'] instanceof Int32Array;
}

function isNonProtocolData(x: unknown): x is NonProtocolData {
  if (!isRecord(x) || !isCount(x['length'])) return false;
  const n = x['length'];
  const notes = x['noteTexts'];
  const noteTexts = Array.isArray(notes) && notes.every((t) => typeof t === 'string');
  return hasColumn(x, 'line', Int32Array, n) && hasColumn(x, 'reason', Uint8Array, n) && (x['noteIds'] === null || hasColumn(x, 'noteIds', Int32Array, n))
    && noteTexts && isPairs(x['texts']);
}

function isTablesData(x: unknown): x is TablesData {
  return isRecord(x) && isLineSourceData(x['source']) && isEventStoreData(x['events']) && isNonProtocolData(x['nonProtocol']);
}
