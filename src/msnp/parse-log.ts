/**
 * The public entry of the protocol core: bytes in, an immutable ParseResult out. A pipeline of named stages:
 * decode (bytes → text + line table) → detect (dialect registry on the head) → read (dialect: lines →
 * tokenized messages with payloads, everything else non-protocol) → buildEvents (connections, error look-up,
 * pairing, diagnostics) → findFindings → stats.
 *
 * Synchronous; reports progress about every megabyte. Never throws on content: empty, binary or non-MSNP input
 * gives a result whose detection reason and `no-protocol` diagnostic say what was found.
 */
import { EventBuilder } from './build-events';
import { plural } from './format-count';
import { captureToText } from './capture/index';
import { decodeBytes, type DecodedInput } from './decode';
import { DiagnosticList } from './diagnostic-list';
import { dialectBlockDiagnostics, dialectBlocks, otherDialectLines, readWithBlocks, sessionStartLines } from './dialects/other-dialects';
import { detectDialect, formatCount, HEAD_LINE_CHARS, HEAD_LINES, type DetectOutcome } from './dialects/index';
import { PROGRESS_EVERY_LINES, readInput, Sink, type ReadInput, type ReadOutput } from './dialects/reader';
import type { LineSource } from './line-source';
import type { NonProtocolStore } from './event-store';
import { analyzeFindings } from './findings/index';
import { sessionStartEvents } from './sessions';
import type { CaptureInfo, Connection, DialectId, Detection, Diagnostic, ParseOptions, ParseProgress, ParseResult, ProgressStep, ReadPass, TokenizedMessage } from './types';

/** About every megabyte, looked at every 16,384 lines: nothing is done per line but a compare. */
export const DEFAULT_PROGRESS_STEP: ProgressStep = { bytes: 1 << 20, lines: PROGRESS_EVERY_LINES };

/** Parse a whole log file. */
export function parseLog(file: Uint8Array, options: ParseOptions, reportProgress?: (p: ParseProgress) => void): ParseResult {
  // A packet capture becomes the text of its MSNP connections first; from there on it is a log like any other.
  // Its progress is told in the capture file's bytes: reading the packets is the first half, the text the second.
  const capture = captureToText(file, reportProgress && ((done) => reportProgress({ bytesDone: Math.floor(done / 2), bytesTotal: file.length, events: 0, pass: 'first', stage: 'reading' })));
  const onProgress = capture === null || reportProgress === undefined ? reportProgress : (p: ParseProgress): void =>
    reportProgress({ ...p, bytesDone: Math.floor(file.length / 2 + (p.bytesTotal === 0 ? 0 : (p.bytesDone / p.bytesTotal) * (file.length / 2))), bytesTotal: file.length });
  const step = options.progressStep ?? DEFAULT_PROGRESS_STEP;
  const bytes = capture?.text ?? file;
  const decoded = decodeBytes(bytes);
  const outcome = capture === null ? detect(decoded, options) : captureDetection(decoded, capture.info, options.dialect);
  // Each message goes to the event builder as soon as it is read (the reader keeps none of them). Events are at
  // most one per line, so columns sized to the line count never grow (growing copies every column at the moment
  // memory peaks); the rows no event fills are never written, and memory never written costs no pages.
  let builder = new EventBuilder(decoded.source, decoded.source.count);
  let read = readBody(decoded, outcome, builder, progressHooks(decoded.source, bytes.length, step, 'first', () => builder.count, onProgress));
  // A second log further down in another dialect was left as noise: the file is read again, block by block.
  // Not when the user forced a format: they asked for the file to be read that way, and a file none of whose
  // lines match it must say so rather than be read with another dialect behind their back.
  const blocks = outcome.dialect === null || capture !== null || outcome.detection.forced ? [] : dialectBlocks(read.nonProtocolStore, decoded.source, outcome.dialect);
  // Each block of another dialect is another log: a session of its own, for the connections and the findings.
  const sessionStarts = sessionStartLines(blocks, decoded.source.count);
  const pass: ReadPass = outcome.dialect !== null && blocks.length > 0 ? 'again' : 'first';
  if (outcome.dialect !== null && pass === 'again') {
    // The first read's events are let go before the second read builds its own, so the two never coexist.
    const fresh = new EventBuilder(decoded.source, decoded.source.count);
    builder = fresh;
    // Said at once, not a megabyte in: the bar starts over here, and the UI says why.
    onProgress?.({ bytesDone: 0, bytesTotal: bytes.length, events: 0, pass, stage: 'reading' });
    const hooks = progressHooks(decoded.source, bytes.length, step, pass, () => fresh.count, onProgress);
    let next = 0;
    const onMessage = (m: TokenizedMessage): void => {
      for (; next < sessionStarts.length && m.line >= (sessionStarts[next] ?? 0); next++) fresh.startSession();
      fresh.add(m);
    };
    read = readWithBlocks(decoded.source, outcome.dialect, blocks, { ...hooks, onMessage });
  }
  // Reading is over; building the events and the findings still takes a while on a big file (about a second on
  // 100 MB) with no byte left to count, so say once that analysis has started rather than leave the bar silent.
  onProgress?.({ bytesDone: bytes.length, bytesTotal: bytes.length, events: builder.count, pass, stage: 'analysing' });
  // Before the chunks go: it reads the lines left as noise when the head showed another dialect's lines.
  const mixed = outcome.dialect === null ? [] : [
    ...dialectBlockDiagnostics(blocks, outcome.dialect),
    ...otherDialectLines(read.nonProtocolStore, decoded.source, outcome.dialect, outcome.detection.candidates),
  ];
  decoded.source.releaseChunks();
  const built = builder.finish();
  const diagnostics: Diagnostic[] = [...built.diagnostics, ...readingDiagnostics(read.nonProtocolStore, built.store.length, outcome.detection, decoded), ...mixed];
  const hasTimes = built.hasTimes;
  const serverLog = outcome.dialect?.serverLog === true;
  const { findings, accounts } = analyzeFindings({ events: built.events, store: built.store, connections: built.connections, diagnostics, hasTimes, nonProtocol: read.nonProtocol, serverLog, sessionStarts });
  onProgress?.({ bytesDone: bytes.length, bytesTotal: bytes.length, events: built.store.length, pass, stage: 'analysing' });
  return {
    schemaVersion: 1,
    input: { fileName: options.fileName ?? null, ...decoded.info, ...(capture === null ? {} : { capture: capture.info }) },
    detection: outcome.detection,
    hasTimes,
    connections: withAccounts(built.connections, accounts),
    events: built.events,
    nonProtocol: read.nonProtocol,
    diagnostics,
    findings,
    stats: built.stats.result(diagnostics),
    sessionStarts: sessionStartEvents(built.store, sessionStarts),
    tables: { source: decoded.source, events: built.store, nonProtocol: read.nonProtocolStore },
  };
}

/** The connections with their accounts, on a log that holds several (the findings found whose each one is). */
function withAccounts(connections: readonly Connection[], owners: readonly (string | undefined)[] | null): readonly Connection[] {
  if (owners === null) return connections;
  // The store numbers connections in this list's order.
  return connections.map((c, k) => {
    const account = owners[k];
    return account === undefined ? c : withAccount(c, account);
  });
}

/**
 * A connection with its account. Spelt out, not `{ ...c, account }`: on a server's log of tens of thousands of
 * connections the spread was most of this stage. (parse-log.test.ts checks that every field of Connection is kept.)
 */
export function withAccount(c: Connection, account: string): Connection {
  const { id, kind, sourceName, protocol, protocolVersion, firstEvent, lastEvent, eventCount, inferredFrom, versionRefused } = c;
  return versionRefused === undefined
    ? { id, kind, sourceName, protocol, protocolVersion, firstEvent, lastEvent, eventCount, inferredFrom, account }
    : { id, kind, sourceName, protocol, protocolVersion, firstEvent, lastEvent, eventCount, inferredFrom, versionRefused, account };
}

/** The head lines detection looks at: the first lines, each cut to a bounded length. */
export function headLines(decoded: DecodedInput): string[] {
  const n = Math.min(decoded.source.count, HEAD_LINES);
  const out: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = decoded.source.linePrefix(i, HEAD_LINE_CHARS);
  return out;
}

function detect(decoded: DecodedInput, options: ParseOptions): DetectOutcome {
  if (decoded.info.encoding === 'binary' && options.dialect === undefined) {
    const pct = Math.round(decoded.info.binaryRatio * 100);
    const reason = `the file looks binary, not like a text log: ${pct}% of its first 64 KB are control bytes such as NUL`;
    return { dialect: null, detection: { dialect: null, confidence: 0, forced: false, candidates: [], reason } };
  }
  return detectDialect(headLines(decoded), options.dialect);
}

/** A capture is read as its rendering, whatever dialect was asked for: no other dialect reads that text. */
function captureDetection(decoded: DecodedInput, info: CaptureInfo, asked: DialectId | undefined): DetectOutcome {
  const outcome = detectDialect(headLines(decoded), 'capture');
  const found = `${plural(info.packets, 'packet')}, ${plural(info.msnpConnections, 'MSNP connection')}`;
  const ignored = asked === undefined || asked === 'capture' ? '' : ` (the format asked for, ${asked}, does not apply to a capture)`;
  const reason = `a ${info.format} packet capture (${found}), its TCP connections put back together and read as the capture dialect${ignored}`;
  return { dialect: outcome.dialect, detection: { ...outcome.detection, confidence: 1, forced: false, reason } };
}

/**
 * The reader hooks that report one read's progress in bytes: at most once per step, and only where a reader
 * stops to count lines (Sink.progress), never per line.
 */
function progressHooks(
  source: LineSource,
  totalBytes: number,
  step: ProgressStep,
  pass: ReadPass,
  events: () => number,
  onProgress: ((p: ParseProgress) => void) | undefined,
): Pick<ReadInput, 'onLines' | 'progressEveryLines'> {
  if (onProgress === undefined) return {};
  let reported = 0;
  const onLines = (i: number): void => {
    const done = source.starts[i] ?? totalBytes;
    if (done - reported < step.bytes) return;
    reported = done;
    onProgress({ bytesDone: done, bytesTotal: totalBytes, events: events(), pass, stage: 'reading' });
  };
  return { onLines, progressEveryLines: step.lines };
}

function readBody(decoded: DecodedInput, outcome: DetectOutcome, builder: EventBuilder, hooks: Pick<ReadInput, 'onLines' | 'progressEveryLines'>): ReadOutput {
  const { source } = decoded;
  const input = readInput(source, { ...hooks, onMessage: (m) => builder.add(m) });
  if (outcome.dialect !== null) return outcome.dialect.read(input);
  const binary = decoded.info.encoding === 'binary';
  const sink = new Sink(input);
  for (let i = 0; i < source.count; i++) {
    sink.progress(i);
    if (binary) sink.noise(i, 'unreadable', 'binary data, not text');
    else sink.noise(i, 'noise');
  }
  return sink.output();
}

/** Diagnostics only the reading stage can give: nothing was MSNP, a prefixed line could not be read. */
function readingDiagnostics(np: NonProtocolStore, events: number, detection: Detection, decoded: DecodedInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (events === 0) out.push({ kind: 'no-protocol', severity: 'warning', message: noProtocolMessage(detection, decoded, np), events: [] });
  if (decoded.info.encoding === 'binary') return out;
  const lines = new DiagnosticList();
  for (let k = 0; k < np.length; k++) {
    if (np.reasonOf(k) !== 'unreadable') continue;
    const line = np.lineOf(k);
    if (!lines.detailed('unreadable-line')) lines.sumUp('unreadable-line', 'note', line);
    else lines.push({ kind: 'unreadable-line', severity: 'note', message: `line ${formatCount(line)}: ${np.noteOf(k) ?? 'could not be read'}`, events: [], line });
  }
  return [...out, ...lines.done()];
}

function noProtocolMessage(detection: Detection, decoded: DecodedInput, np: NonProtocolStore): string {
  const lines = decoded.info.lines;
  if (decoded.info.bytes === 0) return 'No MSNP messages: the file is empty.';
  const blank = np.blankCount;
  const found = blank === lines ? `all ${formatCount(lines)} lines are blank` : `${formatCount(lines)} lines, ${formatCount(blank)} of them blank`;
  return `No MSNP messages found (${found}): ${detection.reason}.`;
}
