/**
 * The ordered dialect registry and format detection. Each dialect counts, in the head of the file, the lines
 * that are protocol lines in its grammar; the best share wins (ties go to the earlier, more specific dialect).
 * A caller can force a dialect. When nothing matches, the detection's reason names the closest dialect and what
 * it looked for, in plain words.
 */
import type { DialectCandidate, DialectId, Detection } from '../types';
import { amsnDialect } from './amsn';
import { captureDialect } from './capture';
import { docDialect } from './doc';
import { escargotDialect } from './escargot';
import { libpurpleDialect } from './libpurple';
import { mirandaDialect } from './miranda';
import { papyonDialect } from './papyon';
import type { Dialect, SniffResult } from './reader';
import { cleanMarkup, mayHaveMarkup, mayHideRecord, undamaged, underQuote } from './markup';
import { transcriptDialect } from './transcript';
import { formatCount } from '../format-count';

export type { Dialect, ReadInput, ReadOutput } from './reader';

/** Most specific first: a papyon or Escargot line also contains `>>>`, a doc page also has `>>>` lines. */
export const DIALECTS: readonly Dialect[] = [
  libpurpleDialect,
  papyonDialect,
  amsnDialect,
  escargotDialect,
  mirandaDialect,
  docDialect,
  transcriptDialect,
  // Last: no one writes this format by hand, so it is never the "closest dialect" to name for a file that is
  // not MSNP; its lines (time, kind, tcpN, arrow) match no other dialect's pattern as well as its own.
  captureDialect,
];

/** Lines examined for detection, and the longest prefix of each that is looked at. */
export const HEAD_LINES = 2000;
export const HEAD_LINE_CHARS = 400;

export function dialectById(id: DialectId): Dialect {
  const d = DIALECTS.find((x) => x.id === id);
  if (d === undefined) throw new Error(`dialect ${id} is not registered`);
  return d;
}

export interface DetectOutcome {
  readonly detection: Detection;
  readonly dialect: Dialect | null;
}

/** Score every dialect on the head lines and pick one (or take the forced one). */
export function detectDialect(head: readonly string[], forced?: DialectId): DetectOutcome {
  const nonBlank = head.reduce((n, l) => (l.trim() === '' ? n : n + 1), 0);
  const clean = undamagedHead(head);
  const quoted = quotedHeads(head);
  const scored = DIALECTS.map((d, order) => {
    const s = bestSniff(d, head, clean === null ? quoted : [clean, ...quoted]);
    const confidence = s.matched === 0 ? 0 : Math.min(1, 0.5 + (0.5 * s.matched) / Math.max(1, nonBlank));
    const candidate: DialectCandidate = { dialect: d.id, name: d.name, confidence, matched: s.matched, examined: head.length, pattern: d.pattern };
    return { d, candidate, shaped: s.shaped, order };
  });
  const ranked = [...scored].sort((a, b) => b.candidate.confidence - a.candidate.confidence || b.shaped - a.shaped || a.order - b.order);
  const candidates = ranked.map((r) => r.candidate);
  if (forced !== undefined) {
    const f = scored.find((r) => r.d.id === forced) ?? scored[0];
    const d = f?.d ?? dialectById(forced);
    const c = f?.candidate;
    const reason = `read as ${d.name} because that format was chosen; ${formatCount(c?.matched ?? 0)} of ${formatCount(head.length)} lines in the head match \`${d.pattern}\``;
    return { dialect: d, detection: { dialect: d.id, confidence: c?.confidence ?? 0, forced: true, candidates, reason } };
  }
  const best = ranked[0];
  if (best === undefined || best.candidate.confidence === 0) {
    return { dialect: null, detection: { dialect: null, confidence: 0, forced: false, candidates, reason: nothingMatched(head.length, best) } };
  }
  const c = best.candidate;
  const reason = `${c.name}: ${formatCount(c.matched)} of ${formatCount(head.length)} lines in the head matched \`${c.pattern}\``;
  return { dialect: best.d, detection: { dialect: c.dialect, confidence: c.confidence, forced: false, candidates, reason } };
}

/**
 * The head as the client wrote it when the page it was pasted into damaged its lines (a forum quote `> ` or HTML
 * entities in front of every line), else null. The line readers look under that damage for a line that does not
 * match as it is, so detection counts what they will read.
 */
function undamagedHead(head: readonly string[]): string[] | null {
  let changed = false;
  const out = head.map((line) => {
    if (!mayHideRecord(line) && line.indexOf('&') === -1) return line;
    const u = undamaged(line);
    if (u !== line) changed = true;
    return u;
  });
  return changed ? out : null;
}

/** Quote depths detection tries: a reply, a reply to a reply, and one more. */
const QUOTE_DEPTHS = [1, 2, 3] as const;

/**
 * The head under one, two and three quote levels (`> `, `>`, `| `, nested), when some of its lines start with a
 * quote marker; else none. A bare `>>> VER` loses its arrow under one level, so it is only these heads' reading
 * when it matches better there (`>>>> VER` and `><<< VER`: a transcript quoted with `>` and no space); the head
 * as it is wins a tie.
 */
function quotedHeads(head: readonly string[]): string[][] {
  if (!head.some(mayBeQuoted)) return [];
  const cleaned = head.map((line) => (mayHaveMarkup(line) ? cleanMarkup(line).text : line));
  return QUOTE_DEPTHS.map((depth) => cleaned.map((line) => underQuote(line, depth) ?? line));
}

/**
 * A line that may carry a quote: it starts with `|`, `&gt;` or a `>` that is not a whole `>>> ` arrow (a bare
 * transcript's head is all arrows, and is not read three more times for them).
 */
function mayBeQuoted(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 124) return true;
  if (c !== 62) return line.startsWith('&gt;');
  const arrow = line.charCodeAt(1) === 62 && line.charCodeAt(2) === 62 && (line.length === 3 || line.charCodeAt(3) === 32);
  return !arrow;
}

/** A dialect's sniff on the head, or on an undamaged form of it when that shows more of its protocol lines. */
function bestSniff(d: Dialect, head: readonly string[], undamagedHeads: readonly (readonly string[])[]): SniffResult {
  let best = d.sniff(head);
  for (const h of undamagedHeads) {
    const u = d.sniff(h);
    if (u.matched > best.matched) best = u;
  }
  return best;
}

function nothingMatched(lines: number, closest: { d: Dialect; candidate: DialectCandidate } | undefined): string {
  if (lines === 0) return 'the file is empty: there is no line to read';
  const head = 'no line looked like an MSNP command';
  if (closest === undefined) return head;
  return `${head}; closest dialect: ${closest.d.id}, 0 of ${formatCount(lines)} lines matched \`${closest.d.pattern}\``;
}

export { formatCount };
