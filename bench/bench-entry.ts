/**
 * One benchmark run in its own process: `node --expose-gc dist-bench/bench-entry.js MODE FILE`.
 * scripts/bench.mjs builds this file with `vite build --ssr` and starts it once per run, so every run starts cold
 * (like a user dropping one file) and its peak memory is its own. Prints one JSON line on stdout.
 *
 * Memory: `maxRSS` from the OS is the true peak of the whole process. We report it relative to the process
 * before it read the file (the Node runtime itself), so the input bytes count, as they do in the worker.
 */
import { readFileBytes } from '../src/cli/read-file';
import { decodeAndSplit, tokenizeBytes, tokenizeStrings, type FloorCounts } from './floors';
import { runFullPipeline } from './run-full';
import { runStages } from './run-stages';
import { writeCaptureShape } from './capture-shape';

export type BenchMode = 'full' | 'stages' | 'lines' | 'tokens' | 'tokens-bytes';

export interface RunReport {
  readonly mode: BenchMode;
  readonly bytes: number;
  readonly ms: number;
  /** CPU time (user + system) of the run: unlike `ms`, barely moved by other processes on a shared machine. */
  readonly cpuMs: number;
  /**
   * The part of cpuMs spent in the kernel, and the fresh memory pages the run touched (minor page faults, in MB):
   * on some VMs a page touched for the first time costs microseconds, so memory the pipeline writes once shows up
   * here as time.
   */
  readonly sysCpuMs: number;
  readonly freshPagesMB: number;
  /** RSS of the bare runtime, before the file was read. */
  readonly runtimeRssBytes: number;
  /** Peak RSS of the process over the whole run. */
  readonly peakRssBytes: number;
  /** V8 heap still used after the run and a full GC, with the result alive: what the result costs to keep. */
  readonly retainedHeapBytes: number;
  /** What the run found, to check it against the generator's summary. */
  readonly found: Readonly<Record<string, number>>;
}

/** `result` is whatever the mode built; it stays referenced until the retained heap is measured. */
export interface RunOutput {
  readonly found: Readonly<Record<string, number>>;
  readonly result: unknown;
}
type Runner = (bytes: Uint8Array) => RunOutput;

const floor =
  (f: (b: Uint8Array) => FloorCounts): Runner =>
  (b) => {
    const counts = f(b);
    return { found: { ...counts }, result: counts };
  };

const RUNNERS: Readonly<Record<BenchMode, Runner>> = {
  full: runFullPipeline,
  stages: runStages,
  lines: floor(decodeAndSplit),
  tokens: floor(tokenizeStrings),
  'tokens-bytes': floor(tokenizeBytes),
};

const isMode = (s: string | undefined): s is BenchMode => s !== undefined && s in RUNNERS;

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** The page size of the Linux VMs this runs on (what a minor fault maps). */
const PAGE_BYTES = 4096;

function main(): void {
  const [mode, file, target] = process.argv.slice(2);
  if (mode === 'write-capture' && file !== undefined && target !== undefined) {
    writeCaptureShape(Number(file), target);
    return;
  }
  if (!isMode(mode) || file === undefined) {
    console.error(`usage: bench-entry.js ${Object.keys(RUNNERS).join('|')} FILE`);
    process.exit(2);
  }
  collect();
  const runtimeRssBytes = process.memoryUsage.rss();
  // Read as the CLI reads it (one array of the file's size, filled through a small staging buffer: see
  // read-file.ts for why not readFileSync); the worker gets its bytes by transfer, without a copy, too.
  const bytes = readFileBytes(file);
  collect();
  const faults0 = process.resourceUsage().minorPageFault;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const out = RUNNERS[mode](bytes);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const faults = process.resourceUsage().minorPageFault - faults0;
  collect();
  const retainedHeapBytes = process.memoryUsage().heapUsed;

  const report: RunReport = {
    mode,
    bytes: bytes.length,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    sysCpuMs: cpu.system / 1000,
    freshPagesMB: (faults * PAGE_BYTES) / 2 ** 20,
    runtimeRssBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    retainedHeapBytes,
    found: out.found, // `out` (and so `out.result`) is still alive when the heap is measured above
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main();
