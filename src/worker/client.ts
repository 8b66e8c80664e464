/**
 * Main-thread side of the parse worker: one promise per parse, a progress callback (bytes done / total), a
 * cancel that really stops the work (the worker is terminated and a fresh one started, because `parseLog` is
 * synchronous and never yields to read a `cancel` message), a dropped file handed to the worker to read and bytes
 * transferred rather than copied, and the same `handleRequest` pipeline on the main thread when no Worker can be
 * created (node, old browsers, a CSP that refuses the worker script).
 */
import { EventStore, eventList, NonProtocolStore, nonProtocolList } from '../msnp/event-store';
import { LineSource } from '../msnp/line-source';
import type { DialectId, ParseResult, ProgressStage, ReadPass } from '../msnp/types';
import { createRequestHandler, type ParseFn, type RequestHandler } from './handle-request';
import {
  isFromWorker,
  PROTOCOL_VERSION,
  toRequestId,
  type ChunkCounts,
  type FromWorker,
  type RequestId,
  type ResultBody,
  type ResultChunk,
  type ResultShell,
  type ToWorker,
} from './protocol';
import type { TablesData } from './table-columns';
import { assertNever } from '../msnp/assert';

export { fingerprintBytes, isFingerprint } from './fingerprint';
export * from './event-columns';
import type { EventColumns } from './event-columns';
export type { ParseFn } from './handle-request';

export interface ParseInput {
  /** A Blob (File) can be read again, so a worker that fails to start still gets a main-thread retry. */
  readonly source: Blob | ArrayBuffer;
  readonly fileName: string | null;
  readonly dialect: DialectId | null;
}

export interface LoadProgress {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly events: number;
  /** Which read of the file: `again` counts bytes from 0 a second time (a file holding two formats). */
  readonly pass: ReadPass;
  /** `analysing` once the reads are over: no more bytes to count, events and findings being built. */
  readonly stage: ProgressStage;
}

export type ParseOutcome =
  | {
      readonly kind: 'done';
      readonly result: ParseResult;
      /** Columns for filters, counts and the overview strip, built beside the parse (see event-columns.ts). */
      readonly columns: EventColumns;
      /** The one-line verdict, derived in the worker (null when the result came without it). */
      readonly verdict: string | null;
      readonly fingerprint: string;
      readonly elapsedMs: number;
      readonly via: 'worker' | 'main-thread';
    }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly message: string };

export interface ParseJob {
  readonly id: RequestId;
  /** Never rejects: failures and cancellation are outcomes. */
  readonly promise: Promise<ParseOutcome>;
  cancel(): void;
}

export interface ParseClient {
  /** Starts a parse; a parse still running is cancelled first (one at a time). */
  parse(input: ParseInput, onProgress: (p: LoadProgress) => void): ParseJob;
  /**
   * Starts the worker ahead of the first parse: it warms the parser up while the user chooses a file
   * (parse.worker.ts), so the first big log parses as fast as the later ones. Does nothing once it exists.
   */
  prepare(): void;
  dispose(): void;
}

export interface ParseClientOptions {
  readonly parse: ParseFn;
  /** Returns null when no worker can be made; the default builds the module worker. */
  readonly createWorker?: () => Worker | null;
}

/** The app's module worker. Returns null where Worker is missing or refuses to start. */
export function createParseWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
}

interface Running {
  readonly id: RequestId;
  readonly settle: (o: ParseOutcome) => void;
  readonly onProgress: (p: LoadProgress) => void;
  readonly input: ParseInput;
  /** Set once an ArrayBuffer source was transferred away: it cannot be parsed again. */
  handedOver: boolean;
  /** A chunked result, appended slice by slice as it arrives (see protocol.ts). */
  readonly lists: Arrived;
}

export function createParseClient(options: ParseClientOptions): ParseClient {
  const makeWorker = options.createWorker ?? createParseWorker;
  const mainThread: RequestHandler = createRequestHandler({
    parse: options.parse,
    now: () => performance.now(),
    progressIntervalMs: 50,
    chunkSize: 0, // nothing is cloned on the main thread
  });
  let nextId = 1;
  let worker: Worker | null | undefined; // undefined: not tried yet; null: cannot have one
  let running: Running | null = null;

  const finish = (o: ParseOutcome): void => {
    const r = running;
    running = null;
    r?.settle(o);
  };

  const onMessage = (ev: MessageEvent<unknown>): void => {
    const msg = ev.data;
    if (!isFromWorker(msg) || running === null || msg.id !== running.id) return;
    deliver(msg, running, finish, 'worker');
  };

  const onWorkerBroken = (): void => {
    // The worker script failed to load or crashed: drop it and redo the job on the main thread.
    dropWorker();
    worker = null;
    const r = running;
    if (r !== null) void runOnMainThread(r, mainThread, finish, () => running === r);
  };

  function dropWorker(): void {
    if (worker) {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onWorkerBroken);
      worker.terminate();
    }
    worker = undefined;
  }

  function ensureWorker(): Worker | null {
    if (worker === undefined) {
      worker = makeWorker();
      worker?.addEventListener('message', onMessage);
      worker?.addEventListener('error', onWorkerBroken);
    }
    return worker;
  }

  function cancelRunning(): void {
    if (running === null) return;
    const w = worker;
    dropWorker();
    if (w === null) worker = null; // stay on the main thread
    else ensureWorker(); // a fresh worker, ready for the next job
    finish({ kind: 'cancelled' });
  }

  return {
    parse(input, onProgress) {
      cancelRunning();
      const id = toRequestId(nextId++);
      let settle: (o: ParseOutcome) => void = () => undefined;
      const promise = new Promise<ParseOutcome>((resolve) => {
        settle = resolve;
      });
      const job: Running = { id, settle, onProgress, input, handedOver: false, lists: arrivedNothing() };
      running = job;
      void start(job, ensureWorker(), mainThread, finish, () => running === job);
      return {
        id,
        promise,
        cancel: () => {
          if (running === job) cancelRunning();
        },
      };
    },
    prepare() {
      // Only a worker started here, ahead of any file, warms up: one already there may be parsing or have parsed.
      if (worker !== undefined || running !== null) return;
      ensureWorker()?.postMessage({ kind: 'warm-up', v: PROTOCOL_VERSION, id: toRequestId(0) } satisfies ToWorker);
    },
    dispose() {
      cancelRunning();
      dropWorker();
    },
  };
}

async function readBytes(source: Blob | ArrayBuffer): Promise<ArrayBuffer> {
  return source instanceof ArrayBuffer ? source : await source.arrayBuffer();
}

async function start(
  job: Running,
  worker: Worker | null,
  mainThread: RequestHandler,
  finish: (o: ParseOutcome) => void,
  isCurrent: () => boolean,
): Promise<void> {
  if (worker === null) return runOnMainThread(job, mainThread, finish, isCurrent);
  const { source: bytes, fileName, dialect } = job.input;
  // A file goes as it is (a handle: the worker reads it, handle-request.ts); bytes are transferred, not copied,
  // and cannot be parsed again here, while a file can.
  job.handedOver = bytes instanceof ArrayBuffer;
  worker.postMessage({ kind: 'parse', v: PROTOCOL_VERSION, id: job.id, fileName, dialect, bytes }, bytes instanceof ArrayBuffer ? [bytes] : []);
}

/** What the page says when the worker could not read the file, or could not analyse it. */
function failureMessage(during: 'read' | 'analyse', error: { readonly name: string; readonly message: string }): string {
  switch (during) {
    case 'read': return readFailure(`${error.name}: ${error.message}`);
    case 'analyse': return `The log could not be analysed: ${error.message}`;
    default: return assertNever(during, 'failure stage');
  }
}

const readFailure = (why: string): string => `The file could not be read: ${why}`;

async function readBytesOrFail(
  job: Running,
  finish: (o: ParseOutcome) => void,
  isCurrent: () => boolean,
): Promise<ArrayBuffer | null> {
  try {
    const bytes = await readBytes(job.input.source);
    return isCurrent() ? bytes : null;
  } catch (err: unknown) {
    if (isCurrent()) finish({ kind: 'failed', message: readFailure(String(err)) });
    return null;
  }
}

async function runOnMainThread(
  job: Running,
  handler: RequestHandler,
  finish: (o: ParseOutcome) => void,
  isCurrent: () => boolean,
): Promise<void> {
  if (job.handedOver) {
    finish({ kind: 'failed', message: 'The parser could not start and the file was already handed over.' });
    return;
  }
  const bytes = await readBytesOrFail(job, finish, isCurrent);
  if (bytes === null) return;
  // Let the loading state paint before the synchronous parse takes the thread.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (!isCurrent()) return;
  const { fileName, dialect } = job.input;
  handler.handle({ kind: 'parse', v: PROTOCOL_VERSION, id: job.id, fileName, dialect, bytes }, (msg) => {
    if (isCurrent()) deliver(msg, job, finish, 'main-thread');
  });
}

function deliver(
  msg: FromWorker,
  job: Running,
  finish: (o: ParseOutcome) => void,
  via: 'worker' | 'main-thread',
): void {
  switch (msg.kind) {
    case 'progress':
      job.onProgress({ bytesDone: msg.bytesDone, bytesTotal: msg.bytesTotal, events: msg.events, pass: msg.pass, stage: msg.stage });
      return;
    case 'chunk':
      // Appended now, in this slice's own task, rather than all at once when the result arrives.
      append(job.lists, msg);
      return;
    case 'result': {
      const result = reassemble(msg.body, msg.chunked, job);
      if (result === null) finish({ kind: 'failed', message: 'The analysis arrived incomplete from the worker.' });
      else finish({ kind: 'done', result, columns: msg.columns, verdict: msg.verdict ?? null, fingerprint: msg.fingerprint, elapsedMs: msg.elapsedMs, via });
      return;
    }
    case 'failure':
      finish({ kind: 'failed', message: failureMessage(msg.during, msg.error) });
      return;
    default:
      assertNever(msg, 'worker message');
  }
}

/** The lists of a chunked result as they arrive. */
type Arrived = { -readonly [K in keyof ChunkCounts]: ParseResult[K][number][] };

const arrivedNothing = (): Arrived => ({ connections: [], diagnostics: [], findings: [] });

function append(lists: Arrived, chunk: ResultChunk): void {
  switch (chunk.list) {
    case 'connections': for (const x of chunk.items) lists.connections.push(x); return;
    case 'diagnostics': for (const x of chunk.items) lists.diagnostics.push(x); return;
    case 'findings': for (const x of chunk.items) lists.findings.push(x); return;
    default: assertNever(chunk, 'chunk');
  }
}

/**
 * The page side of the columnar result: stores rebuilt over the transferred typed arrays (no copy), wrapped as
 * the lazy `events` / `nonProtocol` arrays every consumer reads.
 */
export function resultFromTables(shell: ResultShell, data: TablesData): ParseResult {
  const source = LineSource.fromData(data.source);
  const events = EventStore.fromData(data.events, source);
  const nonProtocol = NonProtocolStore.fromData(data.nonProtocol, source);
  return { ...shell, events: eventList(events), nonProtocol: nonProtocolList(nonProtocol), tables: { source, events, nonProtocol } };
}

function resultOfBody(body: ResultBody): ParseResult {
  switch (body.kind) {
    case 'whole': return body.result;
    case 'columnar': return resultFromTables(body.shell, body.tables);
    case 'plain': return { ...body.shell, events: body.events, nonProtocol: body.nonProtocol };
    default: return assertNever(body, 'result body');
  }
}

/** Puts a result back together; null when a slice of a chunked list went missing. */
function reassemble(body: ResultBody, chunked: ChunkCounts | null, job: Running): ParseResult | null {
  const result = resultOfBody(body);
  if (chunked === null) return result;
  const l = job.lists;
  const complete = (Object.keys(chunked) as (keyof ChunkCounts)[]).every((k) => l[k].length === chunked[k]);
  return complete ? { ...result, ...l } : null;
}
