/**
 * A file holds one dialect, but people paste two logs into one file. The lines of the dialect that was not read
 * end among the non-protocol lines; this finds those that are another dialect's protocol lines, notes each, and
 * says in one diagnostic how many there are and how to read them. It runs only when the head already showed
 * such lines (detection scored every dialect there), and then only on the lines left as noise. Before that,
 * dialectBlocks finds runs of such lines anywhere in the file, which parse-log.ts then reads with their dialect.
 */
import type { NonProtocolStore } from '../event-store';
import { formatCount } from '../format-count';
import type { LineSource } from '../line-source';
import type { DialectCandidate, Diagnostic } from '../types';
import { DIALECTS, HEAD_LINE_CHARS } from './index';
import { mayHideRecord, underQuote } from './markup';
import { readInput, Sink, type Dialect, type ReadInput, type ReadOutput, type SniffResult } from './reader';

/** Note the noise lines that another dialect would read; one warning per such dialect. */
export function otherDialectLines(np: NonProtocolStore, source: LineSource, read: Dialect, candidates: readonly DialectCandidate[]): Diagnostic[] {
  const others = DIALECTS.filter((d) => d.id !== read.id && (candidates.find((c) => c.dialect === d.id)?.matched ?? 0) > 0);
  if (others.length === 0) return [];
  const counts = others.map(() => 0);
  const firsts = others.map(() => 0);
  const one: string[] = [''];
  for (let k = 0; k < np.length; k++) {
    if (np.reasonOf(k) !== 'noise') continue;
    const line = np.lineOf(k);
    one[0] = source.line(line - 1);
    const o = others.findIndex((d) => d.sniff(one).matched > 0);
    const d = others[o];
    if (d === undefined) continue;
    np.annotate(k, `looks like ${article(d.name)} protocol line; not read, as the file was read as ${article(read.name)}`);
    if (counts[o] === 0) firsts[o] = line;
    counts[o] = (counts[o] ?? 0) + 1;
  }
  const out: Diagnostic[] = [];
  others.forEach((d, o) => {
    const n = counts[o] ?? 0;
    if (n === 0) return;
    const first = firsts[o] ?? 0;
    const lines = n === 1 ? `1 line (line ${formatCount(first)}) looks` : `${formatCount(n)} lines (from line ${formatCount(first)}) look`;
    const message =
      `${lines} like protocol lines of ${article(d.name)}, but the file was read as ${article(read.name)}, so ${n === 1 ? 'it was' : 'they were'} not read. ` +
      `To read ${n === 1 ? 'it' : 'them'}, choose ${d.id} as the format (Format selector; CLI: --format ${d.id}).`;
    out.push({ kind: 'other-dialect-lines', severity: 'warning', message, events: [], line: first });
  });
  return out;
}

/** `a libpurple (Pidgin) debug log`, `an Escargot server log`. */
function article(name: string): string {
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}

/** A run of lines the file's dialect left unread that another dialect reads: [first, end) 0-based. */
export interface DialectBlock {
  readonly first: number;
  readonly end: number;
  readonly dialect: Dialect;
  /** Its protocol lines, as the other dialect's sniff counted them. */
  readonly matched: number;
}

/**
 * At most this many unread lines are tried against the other dialects before a hit (then the lines around it are
 * tried one by one): a forum post has every unread line tried, so a short block is found too; a log of millions of
 * lines has an evenly spread sample, which finds any block at least as long as the step between samples, at a
 * bounded cost (a few milliseconds per thousand lines tried).
 */
const SAMPLE_LINES = 10_000;
/**
 * The first and the last this many unread lines are all tried, whatever the sample's step: a log pasted below
 * another (the usual way two logs end up in one file) sits at the end, and a short one there fell between two
 * samples (a 46-line aMSN log under 48 MB of Pidgin log, a step of 79 unread lines, went unread).
 */
const EDGE_LINES = 2_000;
/** A block needs this many protocol lines: a stray line is only noted (otherDialectLines). */
const BLOCK_MIN_LINES = 3;
/** Unread lines without a protocol line of the block's dialect that end it (its payloads, blanks, remarks). */
const BLOCK_GAP = 24;

/**
 * Blocks of another dialect among the lines the file's dialect left as noise (a forum post with a Pidgin log and,
 * further down, an aMSN log). Only unread lines are looked at, and only a sample of them (SAMPLE_LINES, besides
 * the first and last EDGE_LINES) until one reads as another dialect's protocol line; around it the lines are tried
 * one by one, and the block runs over the unread lines that dialect reads or shapes, up to BLOCK_GAP lines past
 * its last protocol line.
 */
export function dialectBlocks(np: NonProtocolStore, source: LineSource, read: Dialect): DialectBlock[] {
  const others = DIALECTS.filter((d) => d.id !== read.id && d.id !== 'capture');
  const one: string[] = [''];
  const sniffText = (d: Dialect, text: string): SniffResult => {
    one[0] = text;
    const s = d.sniff(one);
    return s.matched > 0 || !mayHideRecord(text) ? s : sniffQuoted(d, text, one);
  };
  const sniffLine = (d: Dialect, line: number): SniffResult => sniffText(d, source.linePrefix(line - 1, HEAD_LINE_CHARS));
  const blocks: DialectBlock[] = [];
  let unreadLines = 0;
  for (let k = 0; k < np.length; k++) if (np.reasonOf(k) === 'noise') unreadLines++;
  const every = Math.max(1, Math.ceil(unreadLines / SAMPLE_LINES));
  const tailFrom = unreadLines - EDGE_LINES;
  let unread = 0;
  for (let k = 0; k < np.length; k++) {
    if (np.reasonOf(k) !== 'noise') continue;
    const u = unread++;
    if (u % every !== 0 && u >= EDGE_LINES && u < tailFrom) continue;
    const line = np.lineOf(k);
    // Decoded once for all the dialects tried: the decode was a third of this search.
    const text = source.linePrefix(line - 1, HEAD_LINE_CHARS);
    const d = others.find((o) => sniffText(o, text).matched > 0);
    if (d === undefined) continue;
    const block = blockAround(np, k, d, read, sniffLine);
    if (block === null) continue;
    blocks.push(block);
    // Go on after the block: its entries are all unread lines, one per line.
    while (k + 1 < np.length && np.lineOf(k + 1) <= block.end) k++;
  }
  return blocks;
}

/** A dialect's sniff of a line under one, two or three quote levels (a block quoted in a reply), the best of them. */
function sniffQuoted(d: Dialect, text: string, one: string[]): SniffResult {
  let best: SniffResult = { matched: 0, shaped: 0 };
  for (let depth = 1; depth <= 3; depth++) {
    const under = underQuote(text, depth);
    if (under === null) break;
    one[0] = under;
    const s = d.sniff(one);
    if (s.matched > best.matched || (s.matched === best.matched && s.shaped > best.shaped)) best = s;
  }
  return best;
}

function isUnread(np: NonProtocolStore, k: number): boolean {
  const r = np.reasonOf(k);
  return r === 'noise' || r === 'blank';
}

/**
 * The block of dialect d around unread entry k (a protocol line of d) in a file read as `read`, or null when it is
 * too small.
 */
function blockAround(np: NonProtocolStore, k: number, d: Dialect, read: Dialect, sniffLine: (d: Dialect, line: number) => SniffResult): DialectBlock | null {
  // Backwards over unread lines next to each other that d reads or shapes (its own context lines: proxy, dns …).
  let firstK = k;
  for (let j = k - 1; j >= 0 && isUnread(np, j) && np.lineOf(j) === np.lineOf(j + 1) - 1; j--) {
    if (np.reasonOf(j) === 'blank') continue;
    const s = sniffLine(d, np.lineOf(j));
    if (s.matched === 0 && s.shaped === 0) break;
    firstK = j;
  }
  // Forwards up to BLOCK_GAP lines past the last protocol line of d.
  let lastK = k;
  let matched = 1;
  for (let j = k + 1; j < np.length && isUnread(np, j) && np.lineOf(j) === np.lineOf(j - 1) + 1; j++) {
    if (np.lineOf(j) - np.lineOf(lastK) > BLOCK_GAP) break;
    if (np.reasonOf(j) === 'blank') continue;
    if (sniffLine(d, np.lineOf(j)).matched > 0) {
      matched++;
      lastK = j;
    }
  }
  for (let j = firstK; j < k; j++) if (np.reasonOf(j) !== 'blank' && sniffLine(d, np.lineOf(j)).matched > 0) matched++;
  if (matched < BLOCK_MIN_LINES) return null;
  // The unread lines after its last protocol line belong to it: its own context lines (in its shape), and up to
  // BLOCK_GAP others (payloads, aMSN's blank lines, a remark), until a line in the shape of the file's own dialect.
  let endK = lastK;
  let lastOwn = np.lineOf(lastK);
  while (endK + 1 < np.length && isUnread(np, endK + 1) && np.lineOf(endK + 1) === np.lineOf(endK) + 1 && np.lineOf(endK + 1) - lastOwn <= BLOCK_GAP) {
    const line = np.lineOf(endK + 1);
    if (np.reasonOf(endK + 1) !== 'blank') {
      if (sniffLine(d, line).shaped > 0) lastOwn = line;
      else if (sniffLine(read, line).shaped > 0) break;
    }
    endK++;
  }
  return { first: np.lineOf(firstK) - 1, end: np.lineOf(endK), dialect: d, matched };
}

/** One note per block: which lines were read as which dialect. */
export function dialectBlockDiagnostics(blocks: readonly DialectBlock[], read: Dialect): Diagnostic[] {
  return blocks.map((b) => ({
    kind: 'dialect-block',
    severity: 'note',
    message:
      `Lines ${formatCount(b.first + 1)}–${formatCount(b.end)} were read as ${article(b.dialect.name)} (${formatCount(b.matched)} of its protocol lines there); ` +
      `the rest of the file as ${article(read.name)}, the format detected for it.`,
    events: [],
    line: b.first + 1,
  }));
}

/**
 * The 1-based lines where a log other than the one before begins: each block's first line, and the first line
 * after a block where the file's own dialect takes over again. Two logs pasted into one file are two sessions:
 * the findings link no connection, sign-in or account across these lines. Ascending; empty without blocks.
 */
export function sessionStartLines(blocks: readonly DialectBlock[], lineCount: number): number[] {
  const out: number[] = [];
  const add = (line0: number): void => {
    if (line0 > 0 && line0 < lineCount && out[out.length - 1] !== line0 + 1) out.push(line0 + 1);
  };
  for (const b of blocks) {
    add(b.first);
    add(b.end);
  }
  return out;
}

/**
 * Read a file that holds blocks of other dialects: each block with its dialect, the lines between them with the
 * file's own, in file order into one sink (and, when given, one message consumer), so events and lines keep the
 * file's order. The sink is shared, so its progress hook (onLines) counts lines of the whole file across blocks.
 */
export function readWithBlocks(
  source: LineSource,
  main: Dialect,
  blocks: readonly DialectBlock[],
  hooks: Pick<ReadInput, 'onMessage' | 'onLines' | 'progressEveryLines'> = {},
): ReadOutput {
  const sink = new Sink(readInput(source, hooks));
  let at = 0;
  const readPart = (d: Dialect, first: number, end: number): void => {
    if (end > first) d.read(readInput(source.linesBefore(end), { ...hooks, firstLine: first, sink }));
  };
  for (const b of blocks) {
    readPart(main, at, b.first);
    readPart(b.dialect, b.first, b.end);
    at = b.end;
  }
  readPart(main, at, source.count);
  return sink.output();
}
