/**
 * Bench modes `full-chromium` and `full-chromium-cold`: the full pipeline (bench/run-full.ts) inside a dedicated
 * worker of Chromium, the runtime the app parses in (src/worker/). scripts/bench.mjs builds this file as an ES
 * module, serves it from a local same-origin server, and starts one worker per run in a fresh browser context,
 * so every run starts from a new worker. The page hands the picked file over and the worker reads it, as the app
 * does; the time is taken inside the worker around the pipeline alone, as bench-entry.ts does in Node.
 *
 * Loaded as `worker.js?warm`, the worker first does what the app's worker does between page load and a drop:
 * the warm-up of src/worker/warm-up.ts, through the same request handler, answering nothing. It says it is
 * ready once that is over, so the bench measures the worker a user's file meets. Without `?warm`: a file
 * dropped the instant the page opens, in a worker that has run nothing yet.
 */
import { parseLog } from '../src/msnp/parse-log';
import { createWorkerHandler } from '../src/worker/handle-request';
import { warmUpHandler } from '../src/worker/warm-up';
import { runFullPipeline } from './run-full';

interface WorkerScope {
  onmessage: ((e: MessageEvent<Blob>) => void) | null;
  postMessage(message: unknown): void;
  readonly location: { readonly search: string };
}

const scope = globalThis as unknown as WorkerScope;
const warm = scope.location.search.includes('warm');
const mode = warm ? 'full-chromium' : 'full-chromium-cold';

scope.onmessage = async (e) => {
  const bytes = new Uint8Array(await e.data.arrayBuffer());
  const t0 = performance.now();
  const out = runFullPipeline(bytes);
  const ms = performance.now() - t0;
  scope.postMessage({ mode, bytes: bytes.length, ms, found: out.found });
};

// Up and loaded (and warmed): the bench takes its memory baseline after this, so start-up is not counted.
const ready = (): void => scope.postMessage({ ready: true });
if (warm) {
  const handler = createWorkerHandler(parseLog);
  warmUpHandler(handler, (step) => void setTimeout(step, 0), ready);
} else ready();
