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
  // The worker warms itself up once started: start it when the page is idle, not on the first drop.
  whenIdle(() => client.prepare());
  return { client, fetchSample };
}

function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 500);
}
