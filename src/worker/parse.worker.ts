/**
 * The parse worker: a thin shell. Every message is checked with `isToWorker`, handed to the same
 * `handleRequest` the main-thread fallback uses, and its responses posted back.
 *
 * Asked to (`warm-up`, by a page that started it ahead of any file), it warms itself up until the first real
 * request (warm-up.ts), so the parser's code is optimised by the time the user drops a file.
 */
import { parseLog } from '../msnp/parse-log';
import { createWorkerHandler } from './handle-request';
import { isToWorker, type FromWorker } from './protocol';
import { warmUpHandler, type WarmUp } from './warm-up';

// The app tsconfig has DOM types, not WebWorker ones; this is the little of the worker scope we use.
interface WorkerScope {
  addEventListener(type: 'message', listener: (ev: MessageEvent<unknown>) => void): void;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  setTimeout(step: () => void, ms: number): number;
  readonly navigator?: { readonly hardwareConcurrency?: number };
}
const scope = self as unknown as WorkerScope;
const handler = createWorkerHandler(parseLog);

// With a single core the warm-up would compete with the page itself for it.
const cores = scope.navigator?.hardwareConcurrency ?? 1;
let warmUp: WarmUp | null = null;

scope.addEventListener('message', (ev: MessageEvent<unknown>) => {
  const msg = ev.data;
  if (!isToWorker(msg)) return;
  // Asked for only by a page that started this worker ahead of any file: one started for a parse goes straight to it.
  if (msg.kind === 'warm-up') {
    if (warmUp === null && cores >= 2) warmUp = warmUpHandler(handler, (step) => void scope.setTimeout(step, 0));
    return;
  }
  warmUp?.stop();
  handler.handle(msg, (out: FromWorker, transfer?: Transferable[]) => scope.postMessage(out, transfer ?? []));
});
