/**
 * Turns one request into its responses. No `self`, no `postMessage`: the worker shell and the main-thread
 * fallback both call this with their own `post`, and vitest calls it directly in node.
 *
 * `parseLog` is synchronous, so a `cancel` cannot reach a worker while it parses; the client therefore cancels
 * by terminating the worker. `cancel` here only marks the id so a late result is dropped (main-thread fallback).
 */
import type { ParseOptions, ParseProgress, ParseResult } from '../msnp/types';
import { fingerprintBytes } from './fingerprint';
import { PROTOCOL_VERSION, type FromWorker, type RequestId, type ToWorker } from './protocol';
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
   * Send events and non-protocol lines ahead in slices of this many (see protocol.ts); 0 sends the result
   * whole (the main-thread fallback, where nothing is cloned).
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
        case 'parse':
          if (cancelled.delete(message.id)) return;
          runParse(message, post, deps, cancelled);
          return;
        default:
          assertNever(message, 'request');
      }
    },
  };
}

type ParseRequest = Extract<ToWorker, { kind: 'parse' }>;

function runParse(msg: ParseRequest, post: Post, deps: HandlerDeps, cancelled: Set<RequestId>): void {
  const started = deps.now();
  const v = PROTOCOL_VERSION;
  let lastPost = Number.NEGATIVE_INFINITY;
  const onProgress = (p: ParseProgress): void => {
    const t = deps.now();
    if (t - lastPost < deps.progressIntervalMs && p.bytesDone < p.bytesTotal) return;
    lastPost = t;
    post({ kind: 'progress', v, id: msg.id, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, events: p.events });
  };
  try {
    const bytes = new Uint8Array(msg.bytes);
    const fingerprint = fingerprintBytes(bytes);
    const options: ParseOptions = {
      ...(msg.fileName !== null ? { fileName: msg.fileName } : {}),
      ...(msg.dialect !== null ? { dialect: msg.dialect } : {}),
    };
    const result = deps.parse(bytes, options, onProgress);
    if (cancelled.delete(msg.id)) return;
    const elapsedMs = deps.now() - started;
    if (deps.chunkSize <= 0) {
      post({ kind: 'result', v, id: msg.id, result, fingerprint, elapsedMs, chunked: null });
      return;
    }
    postChunked(msg.id, result, deps.chunkSize, post);
    const shell: ParseResult = { ...result, events: [], nonProtocol: [] };
    const chunked = { events: result.events.length, lines: result.nonProtocol.length };
    post({ kind: 'result', v, id: msg.id, result: shell, fingerprint, elapsedMs, chunked });
  } catch (err: unknown) {
    if (cancelled.delete(msg.id)) return;
    post({ kind: 'failure', v, id: msg.id, error: toErrorInfo(err) });
  }
}

function postChunked(id: RequestId, result: ParseResult, size: number, post: Post): void {
  const v = PROTOCOL_VERSION;
  for (let i = 0; i < result.events.length; i += size) {
    post({ kind: 'events-chunk', v, id, events: result.events.slice(i, i + size) });
  }
  for (let i = 0; i < result.nonProtocol.length; i += size) {
    post({ kind: 'lines-chunk', v, id, lines: result.nonProtocol.slice(i, i + size) });
  }
}

function toErrorInfo(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}
