/**
 * Redactions that replace whole spans of payload or prose: chat text inside `text/plain` payloads (MSG, and
 * SDG/NFY/UUM/UBM on newer protocols), QRY challenge responses, and optionally the free text of lines that are
 * not protocol. Also rewrites a payload's declared length (the last token of its header line) when the bytes
 * shown for it changed, so the redacted log reads with the same payload diagnostics as the original.
 */
import type { LogEvent, NonProtocolLine } from '../types';
import type { EditMap, LineEdit } from './edits';
import { addEdit, utf8Length } from './edits';
import type { RedactKind, RedactSelection } from './kinds';
import type { Pseudonyms } from './pseudonyms';

export const PRIORITY_BODY = 20;
export const PRIORITY_FREE_TEXT = 30;

const TEXT_BODY_COMMANDS: ReadonlySet<string> = new Set(['MSG', 'SDG', 'NFY', 'UUM', 'UBM']);
// `Content-Type: text/plain; charset=UTF-8`, papyon `    Content-Type: 'text/plain; charset=utf-8'\r\n`
const TEXT_PLAIN_RE = /content-type:\s*['"]?text\/plain/i;
// A trailing literal `\r\n` as papyon and documentation logs print it.
const LITERAL_CRLF_RE = /(?:\\r\\n|\\n)$/;

/** The part of a payload line that is content: without indentation and without a printed `\r\n`. */
function contentSpan(line: string): { start: number; end: number } {
  const start = line.length - line.trimStart().length;
  const trimmed = line.trimEnd();
  const m = LITERAL_CRLF_RE.exec(trimmed);
  const end = m ? trimmed.length - m[0].length : trimmed.length;
  return { start, end: Math.max(start, end) };
}

function isBlankContent(line: string): boolean {
  const s = contentSpan(line);
  return line.slice(s.start, s.end).trim() === '';
}

function payloadRange(e: LogEvent): { first: number; last: number } | null {
  const p = e.payload;
  if (!p || p.firstLine === null || p.lastLine === null) return null;
  if (p.visibility !== 'full' && p.visibility !== 'partial') return null;
  if (p.firstLine <= e.line) return null; // shown on the header line itself (documentation style): left alone
  return { first: p.firstLine - 1, last: p.lastLine - 1 };
}

/**
 * The lines of a summed-up payload that stand for its own bytes: a capture's P2P message shows its MIME head,
 * then one `[binary part not shown: N bytes; …]` line whose N the reader checks against what the head leaves of
 * the declared length. The head's edits move the declared length; the summary line's own (the SLP part's
 * address) do not, as it is not the bytes it describes.
 */
function measuredHeadOfSummary(e: LogEvent): { first: number; last: number } | null {
  const p = e.payload;
  if (!p || p.visibility !== 'summary' || p.firstLine === null || p.lastLine === null) return null;
  if (p.firstLine <= e.line || p.lastLine <= p.firstLine) return null;
  return { first: p.firstLine - 1, last: p.lastLine - 2 };
}

/** Replaces the chat text of a `text/plain` payload, one placeholder per body. */
function messageEdits(e: LogEvent, lines: readonly string[], names: Pseudonyms, edits: EditMap): void {
  const range = payloadRange(e);
  if (!range || !e.payload || !TEXT_PLAIN_RE.test(e.payload.text)) return;
  let i = range.first;
  while (i <= range.last && !TEXT_PLAIN_RE.test(lines[i] ?? '')) i++;
  while (i <= range.last && !isBlankContent(lines[i] ?? '')) i++;
  let placeholder: string | null = null;
  for (i += 1; i <= range.last; i++) {
    const line = lines[i] ?? '';
    if (isBlankContent(line)) continue;
    placeholder ??= `[message#${names.next('message')}]`;
    const s = contentSpan(line);
    addEdit(edits, i, { start: s.start, end: s.end, replacement: placeholder, kind: 'message', priority: PRIORITY_BODY });
  }
}

/** Replaces the 32 hex digits a QRY sends in answer to a CHL. */
function queryEdits(e: LogEvent, lines: readonly string[], names: Pseudonyms, edits: EditMap): void {
  const range = payloadRange(e);
  if (!range) return;
  for (let i = range.first; i <= range.last; i++) {
    const line = lines[i] ?? '';
    const s = contentSpan(line);
    const value = line.slice(s.start, s.end);
    if (value.trim() === '') continue;
    addEdit(edits, i, { start: s.start, end: s.end, replacement: names.assign('response', value), kind: 'challenge', priority: PRIORITY_BODY });
  }
}

/** Adds body edits for every event whose payload holds chat text or a challenge response. */
export function scanBodies(
  events: readonly LogEvent[],
  lines: readonly string[],
  sel: RedactSelection,
  names: Pseudonyms,
  edits: EditMap,
): void {
  for (const e of events) {
    if (sel.message && TEXT_BODY_COMMANDS.has(e.command)) messageEdits(e, lines, names, edits);
    else if (sel.challenge && e.command === 'QRY') queryEdits(e, lines, names, edits);
  }
}

// `(10:00:47) proxy: `, `[11:44:10 INFO papyon.msnp2p.transport] `, `(11:11:40) papyon.protocol.switchboard:`,
// `[21:21:12 05B0] [MSN_1] `: timestamps and logger names stay, the sentence after them goes.
const FREE_TEXT_PREFIX_RE = /^\s*(?:[[(][^\])]{0,48}[\])]\s*)*(?:[\w.-]{1,48}:(?!\\)\s?)?/;

// Lines the parser did not read but that carry protocol (`&gt;&gt;&gt; XFR 20 SB`, `Data sent`, `CNT 1 CON 116`):
// kept, so that the redacted log stays readable by a later, better parser. Shape kinds still apply to them.
const LOOKS_LIKE_PROTOCOL_RE = /(?:^\s*<[A-Za-z?!/]|>>>|<<<|&gt;&gt;&gt;|&lt;&lt;&lt;|\b[CS]: |Data (?:sent|received)|(?:^|\s)(?:[A-Z]{3}|\d{3}) \d+(?:\s|$))/;

// papyon's switchboard notes (`Leaving switchboard 1258163659.107158241.117114203`): the parser reads them to tell
// switchboards apart (dialects/papyon.ts), so they keep their words; the session id in them is a cookie shape.
const SESSION_NOTE_RE = /papyon\.protocol\.switchboard(?:\] ?|:)(?:New switchboard session|Leaving switchboard) \S/;

/** Replaces the prose of non-protocol lines (debug chatter, shell lines), keeping their time and logger. */
export function scanFreeText(nonProtocol: readonly NonProtocolLine[], lines: readonly string[], edits: EditMap): void {
  for (const np of nonProtocol) {
    if (np.reason !== 'noise' && np.reason !== 'unreadable') continue;
    const i = np.line - 1;
    const line = lines[i] ?? '';
    const prefix = FREE_TEXT_PREFIX_RE.exec(line)?.[0].length ?? 0;
    if (line.slice(prefix).trim() === '' || LOOKS_LIKE_PROTOCOL_RE.test(line) || SESSION_NOTE_RE.test(line)) continue;
    addEdit(edits, i, { start: prefix, end: line.length, replacement: '[text redacted]', kind: 'free-text', priority: PRIORITY_FREE_TEXT });
  }
}

/** Bytes a shown payload span stands for: papyon prints Python repr escapes (`\xe9`, `\'`, `\\`). */
function shownBytes(span: string, reprEscapes: boolean): number {
  if (!reprEscapes || !span.includes('\\')) return utf8Length(span);
  const unescaped = span.replace(/\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\[\\'"rnt]/g, (m) =>
    m.startsWith('\\x') ? '\u0001' : m.startsWith('\\u') ? String.fromCharCode(parseInt(m.slice(2), 16)) : 'x',
  );
  return utf8Length(unescaped);
}

export interface LengthRewrite {
  readonly line: number; // 1-based header line
  readonly from: number;
  readonly to: number;
}

/** The bytes a body line stands for, as the readers count them: papyon's lines without indent and printed `\r\n`. */
function lineBytes(line: string, reprEscapes: boolean): { start: number; bytes: number } {
  if (!reprEscapes) return { start: 0, bytes: utf8Length(line) };
  const s = contentSpan(line);
  return { start: s.start, bytes: shownBytes(line.slice(s.start, s.end), true) };
}

/**
 * Where the declared length ends inside the last line of a body that is longer than declared (the readers take a
 * line while the bytes before it fall short of the declared length, so only the last line can run past it): the
 * column on that line, or null when the body is not over-long or does not measure as the reader measured it.
 */
function overLongBoundary(e: LogEvent, range: { first: number; last: number }, lines: readonly string[], reprEscapes: boolean): number | null {
  const p = e.payload;
  if (!p || p.visibility !== 'full' || p.shownBytes === null || p.shownBytes <= p.declaredBytes) return null;
  let before = 0;
  for (let i = range.first; i < range.last; i++) before += lineBytes(lines[i] ?? '', reprEscapes).bytes + 2;
  const lastLine = lines[range.last] ?? '';
  const last = lineBytes(lastLine, reprEscapes);
  if (before + last.bytes !== p.shownBytes) return null;
  let need = p.declaredBytes - before;
  let col = last.start;
  while (need > 0 && col < lastLine.length) {
    const cp = lastLine.codePointAt(col) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    need -= utf8Length(lastLine.slice(col, col + width));
    col += width;
  }
  return col;
}

/**
 * An edit on an over-long body's last line that runs across the end of the declared length keeps the declared part
 * of the line the same size, so that what lies beyond stays beyond: a pseudonym at least as long as that part takes
 * its place as it is (the boundary falls inside it), a shorter one is padded to the original's size.
 */
function keepBoundary(ed: LineEdit, line: string, boundary: number, reprEscapes: boolean): LineEdit {
  if (ed.start >= boundary || ed.end <= boundary) return ed;
  const inside = shownBytes(line.slice(ed.start, boundary), reprEscapes);
  const size = utf8Length(ed.replacement);
  if (size > inside) return ed;
  const original = shownBytes(line.slice(ed.start, ed.end), reprEscapes);
  return { ...ed, replacement: ed.replacement + '_'.repeat(Math.max(0, original - size)) };
}

/**
 * For each shown payload whose lines were edited, rewrites the declared length on its header line by the change in
 * bytes INSIDE the declared range: a partly shown payload keeps its shortfall, and on a body longer than declared
 * what lies past the declared length is not counted (and an edit across that point keeps the declared part's
 * size), so the redacted log frames the same lines into the body and the same excess after it. `resolved` holds
 * the final edits; an over-long body's last line may get its boundary-crossing edit padded in place.
 */
export function rewriteLengths(
  events: readonly LogEvent[],
  lines: readonly string[],
  resolved: Map<number, LineEdit[]>,
  reprEscapes: boolean,
): { rewrites: LengthRewrite[]; headerEdits: Map<number, LineEdit> } {
  const rewrites: LengthRewrite[] = [];
  const headerEdits = new Map<number, LineEdit>();
  for (const e of events) {
    const range = payloadRange(e) ?? measuredHeadOfSummary(e);
    if (!range || !e.payload) continue;
    const boundary = payloadRange(e) === null ? null : overLongBoundary(e, range, lines, reprEscapes);
    let delta = 0;
    let kind: RedactKind | null = null;
    for (let i = range.first; i <= range.last; i++) {
      const line = lines[i] ?? '';
      let list = resolved.get(i) ?? [];
      if (boundary !== null && i === range.last) {
        list = list.map((ed) => keepBoundary(ed, line, boundary, reprEscapes));
        resolved.set(i, list);
      }
      for (const ed of list) {
        if (boundary !== null && i === range.last && ed.end > boundary) continue; // past (or across) the declared end
        delta += utf8Length(ed.replacement) - shownBytes(line.slice(ed.start, ed.end), reprEscapes);
        kind ??= ed.kind;
      }
    }
    if (delta === 0 || kind === null) continue;
    const edit = lengthEdit(lines[e.line - 1] ?? '', e.payload.declaredBytes, delta, kind);
    if (!edit || headerEdits.has(e.line - 1)) continue;
    headerEdits.set(e.line - 1, edit);
    rewrites.push({ line: e.line, from: e.payload.declaredBytes, to: e.payload.declaredBytes + delta });
  }
  return { rewrites, headerEdits };
}

function lengthEdit(header: string, declared: number, delta: number, kind: RedactKind): LineEdit | null {
  const token = String(declared);
  const trimmed = header.replace(/(?:\s|\\r\\n)+$/, '');
  if (!trimmed.endsWith(token)) return null;
  const start = trimmed.length - token.length;
  if (start > 0 && !/\s/.test(trimmed.charAt(start - 1))) return null;
  return { start, end: trimmed.length, replacement: String(declared + delta), kind, priority: PRIORITY_FREE_TEXT, bookkeeping: true };
}
