/**
 * The parse worker: a thin shell. Every message is checked with `isToWorker`, handed to the same
 * `handleRequest` the main-thread fallback uses, and its responses posted back.
 *
 * Until the first message it warms itself up (warm-up.ts): the page starts it when the app loads, so the
 * parser's code is optimised by the time the user drops a file.
 */
import { parseLog } from '../msnp/parse-log';
import { createRequestHandler } from './handle-request';
import { isToWorker, type FromWorker } from './protocol';
import { warmUpHandler } from './warm-up';

// The app tsconfig has DOM types, not WebWorker ones; this is the little of the worker scope we use.
interface WorkerScope {
  addEventListener(type: 'message', listener: (ev: MessageEvent<unknown>) => void): void;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  setTimeout(step: () => void, ms: number): number;
  readonly navigator?: { readonly hardwareConcurrency?: number };
}
const scope = self as unknown as WorkerScope;
const handler = createRequestHandler({ parse: parseLog, now: () => performance.now(), progressIntervalMs: 50, chunkSize: 1000 });

// With a single core the warm-up would compete with the page itself for it.
const cores = scope.navigator?.hardwareConcurrency ?? 1;
const warmUp = cores < 2 ? null : warmUpHandler(handler, (step) => void scope.setTimeout(step, 0));

scope.addEventListener('message', (ev: MessageEvent<unknown>) => {
  warmUp?.stop();
  if (!isToWorker(ev.data)) return;
  handler.handle(ev.data, (msg: FromWorker, transfer?: Transferable[]) => scope.postMessage(msg, transfer ?? []));
});
