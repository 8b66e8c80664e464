/**
 * Turns one request into its responses. No `self`, no `postMessage`: the worker shell and the main-thread
 * fallback both call this with their own `post`, and vitest calls it directly in node.
 *
 * `parseLog` is synchronous, so a `cancel` cannot reach a worker while it parses; the client therefore cancels
 * by terminating the worker. `cancel` here only marks the id so a late result is dropped (main-thread fallback).
 */
import type { ParseOptions, ParseProgress, ParseResult } from '../msnp/types';
import { storeBuffers } from '../msnp/event-store';
import { buildEventColumns, columnBuffers } from './event-columns';
import { fingerprintBytes } from './fingerprint';
import { buildVerdict } from '../msnp/findings/verdict';
import {
  CHUNKED_LISTS, PROTOCOL_VERSION, type ChunkCounts, type FromWorker, type RequestId, type ResultBody, type ResultChunk,
  type ResultShell, type ToWorker,
} from './protocol';
import { tablesData, type TablesData } from './table-columns';
import { assertNever } from '../msnp/assert';

export type ParseFn = (
  bytes: Uint8Array,
  options: ParseOptions,
  onProgress: (progress: ParseProgress) => void,
) => ParseResult;

export interface HandlerDeps {
  readonly parse: ParseFn;
  readonly now: () => number;
  /** Progress messages are posted at most this often (the first and last always go out). */
  readonly progressIntervalMs: number;
  /**
   * Send the object lists (connections, diagnostics, findings) ahead in slices of about this many items, and
   * the events as transferred columns (see protocol.ts); 0 sends the result whole (the main-thread fallback,
   * where nothing is cloned).
   */
  readonly chunkSize: number;
}

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Per-handler memory: ids cancelled before or while they ran. */
export interface RequestHandler {
  handle(message: ToWorker, post: Post): void;
}

export function createRequestHandler(deps: HandlerDeps): RequestHandler {
  const cancelled = new Set<RequestId>();
  return {
    handle(message, post) {
      switch (message.kind) {
        case 'cancel':
          cancelled.add(message.id);
          return;
        case 'parse': {
          if (cancelled.delete(message.id)) return;
          const { bytes } = message;
          if (bytes instanceof ArrayBuffer) runParse(message, bytes, post, deps, cancelled);
          else readThenParse(message, bytes, post, deps, cancelled);
          return;
        }
        case 'warm-up':
          return; // the worker shell warms itself up (parse.worker.ts); the main thread has nothing to warm
        default:
          assertNever(message, 'request');
      }
    },
  };
}

/**
 * The handler a parse worker runs: the app's (parse.worker.ts) and the bench's, which warms up and measures the
 * same code, so both are built here with the same settings.
 */
export function createWorkerHandler(parse: ParseFn): RequestHandler {
  return createRequestHandler({ parse, now: () => performance.now(), progressIntervalMs: 50, chunkSize: 1000 });
}

type ParseRequest = Extract<ToWorker, { kind: 'parse' }>;

/**
 * A dropped file is read here, in the worker: read on the page, copying 100 MB out of the browser's file store
 * ran as tasks of 100–400 ms on the page's thread (the longest of a whole load), while here nothing waits on it.
 */
function readThenParse(msg: ParseRequest, file: Blob, post: Post, deps: HandlerDeps, cancelled: Set<RequestId>): void {
  file.arrayBuffer().then(
    (bytes) => {
      if (!cancelled.delete(msg.id)) runParse(msg, bytes, post, deps, cancelled);
    },
    (err: unknown) => {
      if (!cancelled.delete(msg.id)) post({ kind: 'failure', v: PROTOCOL_VERSION, id: msg.id, during: 'read', error: toErrorInfo(err) });
    },
  );
}

function runParse(msg: ParseRequest, input: ArrayBuffer, post: Post, deps: HandlerDeps, cancelled: Set<RequestId>): void {
  const started = deps.now();
  const v = PROTOCOL_VERSION;
  let lastPost = Number.NEGATIVE_INFINITY;
  let lastPass: ParseProgress['pass'] = 'first';
  let lastStage: ParseProgress['stage'] = 'reading';
  const onProgress = (p: ParseProgress): void => {
    const t = deps.now();
    // The start of a second read, and the start of analysis, always go out: the screen must say so at once.
    if (t - lastPost < deps.progressIntervalMs && p.bytesDone < p.bytesTotal && p.pass === lastPass && p.stage === lastStage) return;
    lastPost = t;
    lastPass = p.pass;
    lastStage = p.stage;
    post({ kind: 'progress', v, id: msg.id, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, events: p.events, pass: p.pass, stage: p.stage });
  };
  try {
    const bytes = new Uint8Array(input);
    const fingerprint = fingerprintBytes(bytes);
    const options: ParseOptions = {
      ...(msg.fileName !== null ? { fileName: msg.fileName } : {}),
      ...(msg.dialect !== null ? { dialect: msg.dialect } : {}),
    };
    const result = deps.parse(bytes, options, onProgress);
    if (cancelled.delete(msg.id)) return;
    const elapsed = (): number => deps.now() - started;
    const verdict = buildVerdict(result.findings, result.events);
    if (deps.chunkSize <= 0) {
      const columns = buildEventColumns(result);
      post({ kind: 'result', v, id: msg.id, body: { kind: 'whole', result }, fingerprint, elapsedMs: elapsed(), chunked: null, columns, verdict });
      return;
    }
    // The object lists go first: the page takes each slice apart (structured clone) while the columns are built
    // here, instead of after them, when the table waits on it.
    const chunked = postChunked(msg.id, result, deps.chunkSize, post);
    // Built here, off the main thread, and transferred: walking a million events on the main thread is seconds.
    const data = result.tables === undefined ? undefined : tablesData(result.tables);
    const columns = buildEventColumns(result, data);
    const body = crossingBody(result, data);
    const transfer = uniqueBuffers([...columnBuffers(columns), ...(data === undefined ? [] : tablesBuffers(data))]);
    post({ kind: 'result', v, id: msg.id, body, fingerprint, elapsedMs: elapsed(), chunked, columns, verdict }, transfer);
  } catch (err: unknown) {
    if (cancelled.delete(msg.id)) return;
    post({ kind: 'failure', v, id: msg.id, during: 'analyse', error: toErrorInfo(err) });
  }
}

/** The result without its lists; the object lists follow as chunks, so they are left empty here. */
function shellOf(r: ParseResult): ResultShell {
  return {
    schemaVersion: r.schemaVersion, input: r.input, detection: r.detection, hasTimes: r.hasTimes, stats: r.stats,
    sessionStarts: r.sessionStarts, connections: [], diagnostics: [], findings: [],
  };
}

/** The columns when the result has tables; the objects otherwise (a hand-made result is small). */
function crossingBody(result: ParseResult, data: TablesData | undefined): ResultBody {
  const shell = shellOf(result);
  if (data !== undefined) return { kind: 'columnar', shell, tables: data };
  return { kind: 'plain', shell, events: [...result.events], nonProtocol: [...result.nonProtocol] };
}

/** Every buffer behind the tables' typed arrays (the input bytes among them: they go back to the page). */
function tablesBuffers(d: TablesData): ArrayBufferLike[] {
  const s = d.source;
  const np = d.nonProtocol;
  return [s.bytes.buffer, s.starts.buffer, s.terms.buffer, s.invalid.buffer, ...storeBuffers(d.events), np.line.buffer, np.reason.buffer];
}

/**
 * A transfer list may name a buffer once only (a repeat is a DataCloneError), and views that share a buffer
 * (subarrays of one allocation) would repeat it. Views keep their byteOffset and length across the transfer.
 */
function uniqueBuffers(buffers: readonly ArrayBufferLike[]): Transferable[] {
  const out = new Set<ArrayBuffer>();
  for (const b of buffers) if (b instanceof ArrayBuffer && b.byteLength > 0) out.add(b);
  return [...out];
}

/** Items per slice: findings and connections are far bigger objects than a diagnostic, so fewer go together. */
const SLICE_WEIGHT: ChunkCounts = { connections: 2, diagnostics: 2, findings: 20 };

function sliceOf(id: RequestId, result: ParseResult, list: ResultChunk['list'], from: number, to: number): ResultChunk {
  const v = PROTOCOL_VERSION;
  switch (list) {
    case 'connections': return { kind: 'chunk', v, id, list, items: result.connections.slice(from, to) };
    case 'diagnostics': return { kind: 'chunk', v, id, list, items: result.diagnostics.slice(from, to) };
    case 'findings': return { kind: 'chunk', v, id, list, items: result.findings.slice(from, to) };
    default: return assertNever(list, 'chunked list');
  }
}

/** Posts every object list in slices; returns how many items of each went out. */
function postChunked(id: RequestId, result: ParseResult, size: number, post: Post): ChunkCounts {
  for (const list of CHUNKED_LISTS) {
    const step = Math.max(1, Math.floor(size / SLICE_WEIGHT[list]));
    for (let i = 0; i < result[list].length; i += step) post(sliceOf(id, result, list, i, i + step));
  }
  return { connections: result.connections.length, diagnostics: result.diagnostics.length, findings: result.findings.length };
}

function toErrorInfo(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}
