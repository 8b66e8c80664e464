/**
 * Bench mode `stages` (not part of the default run): where parseLog's time goes, stage by stage, on the same
 * bytes. It repeats parseLog's orchestration (decode → detect → read + build events → findings) with the core's
 * own stage functions, so when parse-log.ts changes its order this breakdown may drift; the `full` mode is the
 * measurement, this is the map for whoever optimises.
 */
import { EventBuilder } from '../src/msnp/build-events';
import { decodeBytes } from '../src/msnp/decode';
import { detectDialect } from '../src/msnp/dialects/index';
import { readInput } from '../src/msnp/dialects/reader';
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
  const builder = new EventBuilder(decoded.source, decoded.source.count);
  const read = outcome.dialect?.read(readInput(decoded.source, { onMessage: (m) => builder.add(m) }));
  lap();
  decoded.source.releaseChunks();
  const built = builder.finish();
  lap();
  // With the log's other lines and its kind, as parseLog hands them over: rules that read them (a sign-in's
  // Passport lines, its connection's opening line) cost nothing here otherwise, and a regression there hid.
  const findings = findFindings({
    events: built.events, store: built.store, connections: built.connections, diagnostics: built.diagnostics, hasTimes: built.hasTimes,
    nonProtocol: read?.nonProtocol ?? [], serverLog: outcome.dialect?.serverLog === true,
  });
  lap();
  const ms = (i: number): number => (t[i + 1] ?? 0) - (t[i] ?? 0);
  return {
    found: { splitMs: ms(0), detectMs: ms(1), readAndAddMs: ms(2), finishMs: ms(3), findingsMs: ms(4), events: built.store.length },
    result: { read, built, findings },
  };
}
