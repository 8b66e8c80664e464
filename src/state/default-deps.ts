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
  return { client: createParseClient({ parse: parseLog }), fetchSample };
}
