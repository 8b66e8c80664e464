/**
 * The parse worker: a thin shell. Every message is checked with `isToWorker`, handed to the same
 * `handleRequest` the main-thread fallback uses, and its responses posted back.
 */
import { parseLog } from '../msnp/parse-log';
import { createRequestHandler } from './handle-request';
import { isToWorker, type FromWorker } from './protocol';

// The app tsconfig has DOM types, not WebWorker ones; this is the little of the worker scope we use.
interface WorkerScope {
  addEventListener(type: 'message', listener: (ev: MessageEvent<unknown>) => void): void;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
const handler = createRequestHandler({ parse: parseLog, now: () => performance.now(), progressIntervalMs: 50, chunkSize: 1000 });

scope.addEventListener('message', (ev: MessageEvent<unknown>) => {
  if (!isToWorker(ev.data)) return;
  handler.handle(ev.data, (msg: FromWorker, transfer?: Transferable[]) => scope.postMessage(msg, transfer ?? []));
});
