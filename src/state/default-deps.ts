/**
 * The app's real dependencies: the parse worker client (with the core pipeline as its main-thread fallback)
 * and same-origin fetch for the bundled samples. Tests pass their own deps to `createAppStore` instead.
 */
import { parseLog } from '../msnp/parse-log';
import { createParseClient } from '../worker/client';
import { sampleUrl, type SampleLog } from './samples';
import type { StoreDeps } from './store';


async function fetchSample(sample: SampleLog): Promise<Blob> {
  const res = await fetch(sampleUrl(sample, import.meta.env.BASE_URL));
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.blob();
}

export function createDefaultDeps(): StoreDeps {
  const client = createParseClient({ parse: parseLog });
  // The worker warms itself up once started (warm-up.ts): start it when the page has been open a moment and is
  // idle, not on the first drop. Not at once: a file dropped as the page opens would wait for the warm-up's
  // first steps, which compile the parser (measured: a small log then took ~0.3 s longer than in a fresh worker).
  setTimeout(() => whenIdle(() => client.prepare()), PREPARE_AFTER_MS);
  return { client, fetchSample };
}

const PREPARE_AFTER_MS = 1500;

function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else run();
}
