/**
 * Bench mode (a): the whole pipeline, exactly what the worker and the CLI run — parseLog (decode, detect, read,
 * tokenize, connections, pairing, diagnostics, findings) — then the in-context explanation of every error, which
 * the CLI computes for its report (the UI does it on demand for the selected event).
 */
import { explainEvent } from '../src/msnp/explain';
import { parseLog } from '../src/msnp/parse-log';
import { toEventId } from '../src/msnp/types';
import type { RunOutput } from './bench-entry';

export function runFullPipeline(bytes: Uint8Array): RunOutput {
  const t0 = performance.now();
  const result = parseLog(bytes, {});
  const parseMs = performance.now() - t0;
  let explained = 0;
  // The error lines from the columns: a huge log's million LogEvents are never built for this loop.
  const store = result.tables?.events;
  const n = result.events.length;
  for (let i = 0; i < n; i++) {
    const isError = store === undefined ? result.events[i]?.error != null : store.codeOf(i) >= 0;
    if (isError && explainEvent(result, toEventId(i)) !== null) explained++;
  }
  const mismatches = result.diagnostics.filter((d) => d.kind === 'payload-length-mismatch').length;
  return {
    found: {
      parseMs,
      explainMs: performance.now() - t0 - parseMs,
      events: result.events.length,
      errors: explained,
      connections: result.connections.length,
      nonProtocol: result.nonProtocol.length,
      diagnostics: result.diagnostics.length,
      payloadMismatches: mismatches,
      findings: result.findings.length,
    },
    result,
  };
}
