/**
 * The loaded log: load phase and progress, the ParseResult (set once per load, never mutated), where it came
 * from, and the actions that load one. A failure keeps the previous report and says what went wrong in plain
 * words; a cancel returns to whatever was shown before.
 */
import { captureFormatOf } from '../msnp/capture/index';
import { estimateParseMemory, ESTIMATE_HEAD_BYTES, type MemoryEstimate } from '../msnp/memory-estimate';
import { primeVerdict } from './verdict';
import type { StateCreator } from 'zustand';
import type { DialectId, ParseResult } from '../msnp/types';
import type { LoadProgress, ParseClient, ParseJob, ParseOutcome } from '../worker/client';
import { assertNever } from '../msnp/assert';
import { primeEventIndex } from './filter/event-index';
import type { SampleLog } from './samples';
import type { AppState } from './store';

export type LoadPhase = 'empty' | 'loading' | 'ready' | 'error';

export interface LogSource {
  readonly kind: 'file' | 'paste' | 'sample' | 'bytes';
  readonly name: string;
  /** Kept so the same log can be parsed again with another dialect. */
  readonly blob: Blob;
}

export interface LoadingInfo extends LoadProgress {
  readonly fileName: string;
}

export interface LogSliceState {
  readonly phase: LoadPhase;
  readonly result: ParseResult | null;
  /** The source of `result`. */
  readonly source: LogSource | null;
  readonly fingerprint: string | null;
  readonly loading: LoadingInfo | null;
  /** The last failure, in plain words; cleared by the next load. */
  readonly loadError: string | null;
  readonly parseMs: number | null;
  readonly parsedVia: 'worker' | 'main-thread' | null;
  /** The dialect the user forced, or null for detection. */
  readonly dialectOverride: DialectId | null;
}

export interface LogSliceActions {
  loadFile(file: File): Promise<void>;
  loadBytes(bytes: ArrayBuffer | Uint8Array, name: string): Promise<void>;
  /** `dialect`: the format to read it as (a report link's `fmt=`); left out, as for any other load. */
  loadText(text: string, name?: string, dialect?: DialectId | null): Promise<void>;
  loadSample(sample: SampleLog): Promise<void>;
  /** Parses the current log again, read as `dialect` (null: detect again). */
  setDialect(dialect: DialectId | null): Promise<void>;
  cancelLoad(): void;
}

export type LogSlice = LogSliceState & { readonly logActions: LogSliceActions };

/**
 * The largest file a tab analyses: 1 GiB. The pipeline peaks near three times a client's log (issue #2's bench),
 * and a browser tab's memory ends a few gigabytes up; the command line's ceiling is Node's heap, which its user
 * can raise (README).
 */
export const MAX_LOG_BYTES = 2 ** 30;
/**
 * What a tab may spend on a parse: what a 1 GiB client log takes. A log whose lines cost more (a server's log of
 * sign-ins, short grepped lines: memory-estimate.ts) gets a lower ceiling, so that it fits the same memory.
 */
export const PARSE_MEMORY_BUDGET = 3 * MAX_LOG_BYTES;
/** From this size on, a file's head is read and parsed to estimate what the whole file will take. */
export const ESTIMATE_FROM_BYTES = 100 * 2 ** 20;
/**
 * Packet captures peak near seven times the file (packets, reassembled streams, the text they become, then the
 * parse of that text): 400 MB keeps them under the same ceiling.
 */
export const MAX_CAPTURE_BYTES = 400 * 2 ** 20;

const TO_THE_CLI = 'Analyse it with the command line (npm run analyze -- FILE; see the README), or cut it to the part you need first, for example one day or one connection\'s lines.';

/** The explanation for a file too large to analyse in a tab, or null. Only a large file's first bytes are read. */
async function tooLargeToAnalyse(source: LogSource, dialect: DialectId | null): Promise<string | null> {
  const { size } = source.blob;
  if (size > MAX_LOG_BYTES) {
    const gb = (size / 2 ** 30).toFixed(1);
    return `“${source.name}” is ${gb} GB. A browser tab analyses logs of up to 1 GB: parsing needs about three times the file's size in memory. ${TO_THE_CLI}`;
  }
  // A head that cannot be read is empty: it estimates the bytes alone, and the worker's read says what failed.
  const head = new Uint8Array(await source.blob.slice(0, ESTIMATE_HEAD_BYTES).arrayBuffer().catch(() => new ArrayBuffer(0)));
  const mb = Math.round(size / 2 ** 20);
  if (captureFormatOf(head) !== null) {
    if (size <= MAX_CAPTURE_BYTES) return null;
    return `“${source.name}” is a packet capture of ${mb} MB. A browser tab analyses captures of up to 400 MB: putting TCP connections back together needs about seven times the file's size in memory. Keep only the MSNP traffic first (for example tshark -r ${source.name} -w msnp.pcapng "tcp port 1863", adding the switchboard ports your log uses), or analyse it with the command line (npm run analyze -- FILE).`;
  }
  const need = estimateOrNull(head, dialect);
  if (need === null) return null;
  const limit = Math.min(MAX_LOG_BYTES, PARSE_MEMORY_BUDGET / need.factor);
  if (size <= limit) return null;
  const times = need.factor.toFixed(1);
  const upTo = `so a browser tab takes a log like this one of up to ${Math.floor(limit / 2 ** 20)} MB`;
  const why = need.serverLog
    ? `It is a server's log, whose every sign-in is rebuilt step by step and kept: from its first lines, analysing it would need about ${times} times its size in memory, ${upTo}.`
    : `Its lines are short (${Math.round(need.lineBytes)} bytes on average where it starts), and each costs memory of its own: from its first lines, analysing it would need about ${times} times its size in memory, ${upTo}.`;
  return `“${source.name}” is ${mb} MB. ${why} ${TO_THE_CLI}`;
}

/**
 * The estimate, or null should it fail: it is advice, and a parse that cannot estimate its head is left to the
 * worker, which says what went wrong in its own words (the parser does not throw on content; this guards a bug).
 */
function estimateOrNull(head: Uint8Array, dialect: DialectId | null): MemoryEstimate | null {
  try {
    return estimateParseMemory(head, dialect ?? undefined);
  } catch {
    return null;
  }
}

export const INITIAL_LOG_STATE: LogSliceState = {
  phase: 'empty',
  result: null,
  source: null,
  fingerprint: null,
  loading: null,
  loadError: null,
  parseMs: null,
  parsedVia: null,
  dialectOverride: null,
};

export interface LogSliceDeps {
  readonly client: ParseClient;
  /** Fetches a bundled sample (same origin). */
  readonly fetchSample: (sample: SampleLog) => Promise<Blob>;
}

/** Where the store goes back to when a load ends without a new report. */
function settledPhase(s: LogSliceState): LoadPhase {
  return s.result !== null ? 'ready' : s.loadError !== null ? 'error' : 'empty';
}

type SetState = Parameters<StateCreator<AppState, [], [], LogSlice>>[0];
type GetState = () => AppState;

/** Applies how a parse ended: a new report, back to what was shown, or a plain failure message. */
function settle(set: SetState, get: GetState, outcome: ParseOutcome, source: LogSource, dialect: DialectId | null): void {
  switch (outcome.kind) {
    case 'done':
      primeEventIndex(outcome.result, outcome.columns);
      if (outcome.verdict !== null) primeVerdict(outcome.result, outcome.verdict);
      get().applyParsed(outcome.result, outcome.fingerprint, source, dialect);
      set({ phase: 'ready', loading: null, parseMs: outcome.elapsedMs, parsedVia: outcome.via });
      return;
    case 'cancelled':
      set((s) => ({ loading: null, loadError: null, phase: settledPhase({ ...s, loadError: null }) }));
      return;
    case 'failed':
      set((s) => ({ loading: null, loadError: outcome.message, phase: s.result !== null ? 'ready' : 'error' }));
      return;
    default:
      assertNever(outcome, 'parse outcome');
  }
}

const loadingInfo = (fileName: string, bytesTotal: number): LoadingInfo => ({ fileName, bytesDone: 0, bytesTotal, events: 0, pass: 'first', stage: 'reading' });

export function createLogSlice(deps: LogSliceDeps): StateCreator<AppState, [], [], LogSlice> {
  return (set, get) => {
    let job: ParseJob | null = null;
    /** Bumped by every load and by cancel, so a sample fetch that finishes late knows it is stale. */
    let generation = 0;

    async function run(source: LogSource, dialect: DialectId | null): Promise<void> {
      job?.cancel();
      const started = ++generation;
      // Only a file that may be too large waits for a look at its head; any other load starts at once.
      const tooLarge = source.blob.size > ESTIMATE_FROM_BYTES ? await tooLargeToAnalyse(source, dialect) : null;
      if (started !== generation) return; // another load started meanwhile
      if (tooLarge !== null) {
        // Refused before the file is read: a tab that runs out of memory crashes instead of saying why.
        job = null;
        set((s) => ({ loading: null, loadError: tooLarge, phase: s.result !== null ? 'ready' : 'error' }));
        return;
      }
      set({ phase: 'loading', loadError: null, loading: loadingInfo(source.name, source.blob.size) });
      const mine = deps.client.parse({ source: source.blob, fileName: source.name, dialect }, (p) => {
        if (job === mine) set({ loading: { fileName: source.name, ...p } });
      });
      job = mine;
      const outcome = await mine.promise;
      // A task of its own for showing the result: the promise resolves inside the worker message's task, and
      // the first render of a big log should not add to it.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (job !== mine) return; // superseded by a newer load
      job = null;
      settle(set, get, outcome, source, dialect);
    }

    async function loadSample(sample: SampleLog): Promise<void> {
      job?.cancel();
      const mine = ++generation;
      set({ phase: 'loading', loadError: null, loading: loadingInfo(sample.file, 0) });
      let blob: Blob;
      try {
        blob = await deps.fetchSample(sample);
      } catch (err: unknown) {
        if (mine !== generation) return;
        const loadError = `The sample “${sample.title}” could not be loaded: ${String(err)}`;
        set((s) => ({ loading: null, loadError, phase: s.result ? 'ready' : 'error' }));
        return;
      }
      if (mine !== generation) return; // cancelled, or another load started, while fetching
      await run({ kind: 'sample', name: sample.file, blob }, formatForNewLog());
    }

    /**
     * The format a new log is read as: the first log of the page is the one the URL's view was made on, so it is
     * read the way that view says (`fmt=`); any later log is detected.
     */
    function formatForNewLog(): DialectId | null {
      const s = get();
      return s.result === null ? s.view.fmt : null;
    }

    function cancelLoad(): void {
      generation++;
      if (job !== null) job.cancel(); // `run` settles the phase when the job resolves as cancelled
      else if (get().phase === 'loading') set((s) => ({ loading: null, phase: settledPhase({ ...s, loadError: null }) }));
    }

    const logActions: LogSliceActions = {
      loadFile: (file) => run({ kind: 'file', name: file.name, blob: file }, formatForNewLog()),
      loadBytes: (bytes, name) => run({ kind: 'bytes', name, blob: new Blob([toPlainBuffer(bytes)]) }, formatForNewLog()),
      loadText: (text, name = 'pasted text', dialect) =>
        run({ kind: 'paste', name, blob: new Blob([text]) }, dialect === undefined ? formatForNewLog() : dialect),
      loadSample,
      async setDialect(dialect) {
        const source = get().source;
        if (source !== null) await run(source, dialect);
      },
      cancelLoad,
    };
    return { ...INITIAL_LOG_STATE, logActions };
  };
}

function toPlainBuffer(bytes: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (bytes instanceof ArrayBuffer) return bytes;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}
