/**
 * Bench mode `full-chromium`: the full pipeline (bench/run-full.ts) inside a dedicated worker of Chromium, the
 * runtime the app parses in (src/worker/). scripts/bench.mjs builds this file as an ES module, serves it from a
 * local same-origin server, and starts one worker per run in a fresh browser context, so every run starts cold.
 * The page hands the file's bytes over by transfer, as the app does; the time is taken inside the worker around
 * the pipeline alone, as bench-entry.ts does in Node.
 */
import { runFullPipeline } from './run-full';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ArrayBuffer>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (e) => {
  const bytes = new Uint8Array(e.data);
  const t0 = performance.now();
  const out = runFullPipeline(bytes);
  const ms = performance.now() - t0;
  scope.postMessage({ mode: 'full-chromium', bytes: bytes.length, ms, found: out.found });
};

// Up and loaded: the bench takes its memory baseline after this, so the worker's own start-up is not counted.
scope.postMessage({ ready: true });
