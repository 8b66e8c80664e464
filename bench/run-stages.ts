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

const PAGE_BYTES = 4096;
const faults = (): number => process.resourceUsage().minorPageFault;

export function runStages(bytes: Uint8Array): RunOutput {
  const t = [performance.now()];
  // Fresh pages per stage: on these VMs a first-touch page fault costs ~3 ms per MB, so a stage's memory written
  // for the first time is a share of its time that no change to its loop can win back.
  const f = [faults()];
  const lap = (): void => {
    t.push(performance.now());
    f.push(faults());
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
  const mb = (i: number): number => Math.round((((f[i + 1] ?? 0) - (f[i] ?? 0)) * PAGE_BYTES) / 2 ** 20);
  return {
    found: {
      splitMs: ms(0), detectMs: ms(1), readAndAddMs: ms(2), finishMs: ms(3), findingsMs: ms(4), events: built.store.length,
      splitFreshMB: mb(0), detectFreshMB: mb(1), readAndAddFreshMB: mb(2), finishFreshMB: mb(3), findingsFreshMB: mb(4),
    },
    result: { read, built, findings },
  };
}
