/**
 * Bench mode `stages` (not part of the default run): where parseLog's time goes, stage by stage, on the same
 * bytes. It repeats parseLog's orchestration (decode → detect → read → buildEvents → findFindings) with the
 * core's own stage functions, so when parse-log.ts changes its order this breakdown may drift; the `full` mode
 * is the measurement, this is the map for whoever optimises.
 */
import { decodeBytes } from '../src/msnp/decode';
import { buildEvents } from '../src/msnp/build-events';
import { detectDialect } from '../src/msnp/dialects/index';
import { findFindings } from '../src/msnp/findings/index';
import { headLines } from '../src/msnp/parse-log';
import type { RunOutput } from './bench-entry';

export function runStages(bytes: Uint8Array): RunOutput {
  const t = [performance.now()];
  const lap = (): void => {
    t.push(performance.now());
  };
  const decoded = decodeBytes(bytes);
  lap();
  const outcome = detectDialect(headLines(decoded));
  lap();
  const read = outcome.dialect === null ? { messages: [], nonProtocol: [] } : outcome.dialect.read({ text: decoded.text, lines: decoded.lines, invalidLines: decoded.invalidLines });
  lap();
  const built = buildEvents(read.messages);
  lap();
  const hasTimes = built.events.some((e) => e.time !== null);
  const findings = findFindings({ events: built.events, connections: built.connections, diagnostics: built.diagnostics, hasTimes });
  lap();
  const ms = (i: number): number => (t[i + 1] ?? 0) - (t[i] ?? 0);
  return {
    found: { decodeMs: ms(0), detectMs: ms(1), readMs: ms(2), buildEventsMs: ms(3), findingsMs: ms(4), events: built.events.length },
    result: { read, built, findings },
  };
}
