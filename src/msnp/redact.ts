/**
 * Redaction of a log before it is shared: every passport address, ticket, nonce, challenge, switchboard cookie,
 * session id, IP address, machine GUID, nickname, personal message and chat text is replaced by a stable
 * pseudonym of the same kind, so that the redacted log parses to the same connections, pairs, error codes and
 * findings as the original. Works on the decoded text plus the ParseResult read from it (which tells where
 * each message and payload sits, whatever the dialect).
 *
 * Pipeline: split lines → shape scan (addresses, GUIDs, IPs, cookies, tickets, personal XML) → positional
 * secrets from the parsed events (cookies after CKI, session ids, nonces, nicknames) → literal copies of those
 * anywhere → payload bodies and free text → resolve overlaps → rewrite payload lengths → apply.
 */
import type { LogEvent, ParseResult } from './types';
import { addEdit, applyEdits, findToken, resolveEdits, type EditMap, type LineEdit } from './redact/edits';
import { DEFAULT_REDACT_SELECTION, REDACT_KINDS, type RedactKind, type RedactSelection } from './redact/kinds';
import { createPseudonyms, SHAPE_KIND, type Pseudonyms, type PseudoShape } from './redact/pseudonyms';
import { scanShapes, scanWrappedShapes } from './redact/shapes';
import { secretsOf, ticketParts, type Secret } from './redact/secrets';
import { scanNamedCopies } from './redact/named-copies';
import { rewriteLengths, scanBodies, scanFreeText, type LengthRewrite } from './redact/bodies';

export { DEFAULT_REDACT_SELECTION, REDACT_KINDS, REDACT_KIND_LABELS, isRedactKind } from './redact/kinds';
export type { RedactKind, RedactSelection } from './redact/kinds';
export type { LengthRewrite } from './redact/bodies';

export const REDACT_MANIFEST_VERSION = 1 as const;

/** What a redaction did; travels with a shared report and is shown to whoever opens it. */
export interface RedactManifest {
  readonly v: typeof REDACT_MANIFEST_VERSION;
  /** Which kinds were switched on; the others were left exactly as written. */
  readonly selection: RedactSelection;
  /** Distinct values replaced per kind (message bodies and free-text lines are counted one by one). */
  readonly counts: Readonly<Record<RedactKind, number>>;
  /** Payload lengths that were rewritten to match their redacted bytes. */
  readonly lengthsRewritten: readonly LengthRewrite[];
  readonly linesChanged: number;
  /** Secrets found in a parsed message that could not be located in the line text (left as written). */
  readonly unlocated: number;
}

export interface LineChange {
  readonly line: number; // 1-based
  readonly before: string;
  readonly after: string;
  readonly kinds: readonly RedactKind[];
}

export interface RedactResult {
  readonly text: string;
  readonly manifest: RedactManifest;
  /** Every changed line, in order, for a side-by-side preview. */
  readonly changes: readonly LineChange[];
  /**
   * Original value → pseudonym, for redacting other text derived from the same log (a finding's narrative in
   * an export). Holds the originals: keep it local, never put it in a shared report.
   */
  readonly replacements: ReadonlyMap<string, string>;
}

const PRIORITY_POSITIONAL = 15;
/** Shorter values are replaced where they were found and where the text names them (named-copies.ts), never anywhere. */
const MIN_LITERAL_LENGTH = 5;

interface SplitText {
  readonly lines: string[];
  readonly seps: string[];
}

/** Splits on CRLF, LF or CR, keeping each separator so the output keeps the file's line endings. */
function splitLines(text: string): SplitText {
  const lines: string[] = [];
  const seps: string[] = [];
  const re = /\r\n|\n|\r/g;
  let at = 0;
  for (const m of text.matchAll(re)) {
    lines.push(text.slice(at, m.index));
    seps.push(m[0]);
    at = m.index + m[0].length;
  }
  lines.push(text.slice(at));
  seps.push('');
  return { lines, seps };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Where a token sits in the text: on one line, or hard-wrapped with its first `split` characters ending `line`. */
interface TokenAt {
  readonly line: number;
  readonly start: number;
  readonly split: number | null;
  /** The token as the text writes it (HTML-escaped on an escaped line). */
  readonly text: string;
}

/**
 * A param by its index: the `index`-th token after the command and its TrId on the event's first line, when that
 * token is the value. What a dialect prints around the message (time, connection, `msn: C: NS 000:`) comes before
 * the command, so counting from it holds in every dialect whose line shows the command as a word.
 */
function locateParam(line: string, e: LogEvent, index: number, token: string): TokenAt | null {
  const words = [...line.matchAll(/\S+/g)];
  const c = words.findIndex((w) => w[0] === e.command);
  const w = c < 0 ? undefined : words[c + 1 + (e.trId === null ? 0 : 1) + index];
  return w !== undefined && w[0] === token ? { line: e.line - 1, start: w.index, split: null, text: token } : null;
}

function locateToken(lines: readonly string[], first: number, last: number, token: string, anchor: string | null): TokenAt | null {
  for (let i = first; i <= last; i++) {
    const line = lines[i] ?? '';
    // As a word first: `A` must not be found inside `ANS`.
    const word = anchor === null ? -1 : findToken(line, anchor);
    const a = anchor === null ? -1 : word >= 0 ? word : line.indexOf(anchor);
    const found = findToken(line, token, a < 0 ? 0 : a + (anchor?.length ?? 0));
    if (found >= 0) return { line: i, start: found, split: null, text: token };
  }
  return null;
}

/**
 * A token the log wrapped onto the next line (`…&p= HAAA…Q` / `S1il8…=` in papyon output, a TWN ticket broken in a
 * paste), which the parser joined: finds where it was split.
 */
function locateWrapped(lines: readonly string[], first: number, last: number, token: string): TokenAt | null {
  for (let i = first; i < last; i++) {
    const head = (lines[i] ?? '').trimEnd();
    const next = lines[i + 1] ?? '';
    for (let k = Math.min(token.length - 4, head.length); k >= 4; k--) {
      if (head.endsWith(token.slice(0, k)) && next.startsWith(token.slice(k))) return { line: i, start: head.length - k, split: k, text: token };
    }
  }
  return null;
}

function locate(lines: readonly string[], e: LogEvent, s: Secret): TokenAt | null {
  const first = e.line - 1;
  const last = e.endLine - 1;
  const prefix = s.prefix ?? '';
  const forms = s.value === escapeHtml(s.value) ? [s.value] : [s.value, escapeHtml(s.value)];
  const byIndex = s.param === undefined || prefix !== '' ? null : locateParam(lines[first] ?? '', e, s.param, s.value);
  if (byIndex !== null) return byIndex;
  for (const v of forms) {
    const at = locateToken(lines, first, last, prefix + v, s.anchor);
    if (at !== null) return at;
  }
  for (const v of forms) {
    const at = locateWrapped(lines, first, last, prefix + v);
    if (at !== null) return at;
  }
  return null;
}

/**
 * Replaces characters [from, to) of a located token. Across a wrap, each line gets its share of the (padded,
 * same-length) pseudonym, so a reader that rejoins the lines sees it whole and the wrap width stays.
 */
function editSpan(at: TokenAt, from: number, to: number, pseudonym: string, kind: RedactKind, edits: EditMap): void {
  const edit = { kind, priority: PRIORITY_POSITIONAL };
  if (at.split === null || to <= at.split) {
    addEdit(edits, at.line, { ...edit, start: at.start + from, end: at.start + to, replacement: pseudonym });
  } else if (from >= at.split) {
    addEdit(edits, at.line + 1, { ...edit, start: from - at.split, end: to - at.split, replacement: pseudonym });
  } else {
    const padded = pseudonym.padEnd(to - from, '_');
    const cut = at.split - from;
    addEdit(edits, at.line, { ...edit, start: at.start + from, end: at.start + at.split, replacement: padded.slice(0, cut) });
    addEdit(edits, at.line + 1, { ...edit, start: 0, end: to - at.split, replacement: padded.slice(cut) });
  }
}

/** Places one positional secret on its event's lines; false when the text does not show it. */
function placeSecret(lines: readonly string[], e: LogEvent, s: Secret, names: Pseudonyms, edits: EditMap): boolean {
  const at = locate(lines, e, s);
  if (at === null) return false;
  const kind = SHAPE_KIND[s.shape];
  if (s.ticketToken === true) {
    for (const part of ticketParts(at.text)) editSpan(at, part.offset, part.offset + part.value.length, names.assign('ticket', part.value), kind, edits);
    return true;
  }
  const from = (s.prefix ?? '').length;
  editSpan(at, from, at.text.length, names.assign(s.shape, s.value), kind, edits);
  return true;
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const PREFIX = 4;

/**
 * Replaces every other copy of a positional secret (a cookie repeated in `USR`, a nonce in a debug line).
 * Literals are indexed by their first characters and only tried where a token can start, so thousands of
 * cookies over a megabyte of log cost one pass, not one regex alternative per cookie per position.
 */
function scanLiterals(lines: readonly string[], literals: ReadonlyMap<string, PseudoShape>, names: Pseudonyms, edits: EditMap): void {
  if (literals.size === 0) return;
  const byPrefix = new Map<string, string[]>();
  for (const value of [...literals.keys()].sort((a, b) => b.length - a.length)) {
    const key = value.slice(0, PREFIX);
    const list = byPrefix.get(key);
    if (list) list.push(value);
    else byPrefix.set(key, [value]);
  }
  lines.forEach((line, i) => {
    for (let at = 0; at + PREFIX < line.length; at++) {
      if (at > 0 && isAlnum(line.charCodeAt(at - 1))) continue;
      const candidates = byPrefix.get(line.slice(at, at + PREFIX));
      if (candidates === undefined) continue;
      const value = candidates.find((v) => line.startsWith(v, at) && !isAlnum(line.charCodeAt(at + v.length)));
      const shape = value === undefined ? undefined : literals.get(value);
      if (value === undefined || shape === undefined) continue;
      addEdit(edits, i, { start: at, end: at + value.length, replacement: names.assign(shape, value), kind: SHAPE_KIND[shape], priority: PRIORITY_POSITIONAL });
      at += value.length - 1;
    }
  });
}

/**
 * Places every positional secret, then its copies elsewhere: a long value anywhere as a whole token, a short one
 * only where the text names it (named-copies.ts says why).
 */
function scanPositional(result: ParseResult, lines: readonly string[], sel: RedactSelection, names: Pseudonyms, edits: EditMap): number {
  const literals = new Map<string, PseudoShape>();
  const shorts = new Map<string, PseudoShape>();
  let unlocated = 0;
  for (const e of result.events) {
    for (const s of secretsOf(e)) {
      if (!sel[SHAPE_KIND[s.shape]]) continue;
      const placed = placeSecret(lines, e, s, names, edits);
      if (!placed) unlocated++;
      if (s.shape === 'nick' || s.shape === 'psm') continue;
      const shape = s.ticketToken === true ? 'ticket' : s.shape;
      for (const v of s.ticketToken === true ? ticketParts(s.value).map((p) => p.value) : [s.value]) {
        const copies = v.length >= MIN_LITERAL_LENGTH ? literals : shorts;
        if (!copies.has(v)) copies.set(v, shape);
      }
    }
  }
  scanLiterals(lines, literals, names, edits);
  scanNamedCopies(result.events, result.nonProtocol, lines, shorts, PRIORITY_POSITIONAL, names, edits);
  return unlocated;
}

function countKinds(resolved: ReadonlyMap<number, readonly LineEdit[]>): Record<RedactKind, number> {
  const seen = new Map<RedactKind, Set<string>>(REDACT_KINDS.map((k) => [k, new Set<string>()]));
  for (const [i, list] of resolved) {
    for (const e of list) if (e.bookkeeping !== true) seen.get(e.kind)?.add(e.kind === 'free-text' ? String(i) : e.replacement);
  }
  const counts = {} as Record<RedactKind, number>;
  for (const k of REDACT_KINDS) counts[k] = seen.get(k)?.size ?? 0;
  return counts;
}

/**
 * Redacts `text` (the decoded log) using `result` (what parseLog read from that same text) to locate messages
 * and payloads. Pure and deterministic: the same input always gives the same pseudonyms.
 */
export function redactLog(text: string, result: ParseResult, selection: RedactSelection = DEFAULT_REDACT_SELECTION): RedactResult {
  const { lines, seps } = splitLines(text);
  const names = createPseudonyms(text);
  const edits: EditMap = new Map();
  lines.forEach((line, i) => scanShapes(line, i, selection, names, edits));
  // A line that starts a message was not wrapped onto (`NS/1a2b <<< …` after a line ending in an address).
  const starts = new Uint8Array(lines.length);
  for (const e of result.events) starts[e.line - 1] = 1;
  scanWrappedShapes(lines, selection, names, edits, (i) => starts[i] === 1);
  const unlocated = scanPositional(result, lines, selection, names, edits);
  scanBodies(result.events, lines, selection, names, edits);
  if (selection['free-text']) scanFreeText(result.nonProtocol, lines, edits);

  const resolved = new Map<number, LineEdit[]>();
  for (const [i, list] of edits) resolved.set(i, resolveEdits(list));
  const { rewrites, headerEdits } = rewriteLengths(result.events, lines, resolved, result.detection.dialect === 'papyon');
  for (const [i, edit] of headerEdits) resolved.set(i, resolveEdits([...(resolved.get(i) ?? []), edit]));

  const out: string[] = [];
  const changes: LineChange[] = [];
  const replacements = new Map<string, string>();
  lines.forEach((line, i) => {
    const list = resolved.get(i) ?? [];
    for (const e of list) {
      if (e.bookkeeping !== true && e.kind !== 'message' && e.kind !== 'free-text') replacements.set(line.slice(e.start, e.end), e.replacement);
    }
    const after = list.length === 0 ? line : applyEdits(line, list);
    if (after !== line) changes.push({ line: i + 1, before: line, after, kinds: [...new Set(list.map((e) => e.kind))] });
    out.push(after + (seps[i] ?? ''));
  });
  const manifest: RedactManifest = {
    v: REDACT_MANIFEST_VERSION,
    selection: { ...selection },
    counts: countKinds(resolved),
    lengthsRewritten: rewrites,
    linesChanged: changes.length,
    unlocated,
  };
  return { text: out.join(''), manifest, changes, replacements };
}

// A placeholder a log writes for a token (`t=ticket`, `USR 4 TWN S invalid`) is a word of the app's own prose too
// ("the ticket step"), and a narrative never quotes an authentication token: such a value is left alone there.
const WORD_RE = /^[A-Za-z]+$/;
const TOKEN_PSEUDONYM_RE = /^(?:ticket|nonce|challenge|response|cookie|session)#/;

/** Applies a redaction's replacements to other text from the same log (longest originals first). */
export function redactDerivedText(text: string, replacements: ReadonlyMap<string, string>): string {
  let out = text;
  for (const original of [...replacements.keys()].sort((a, b) => b.length - a.length)) {
    if (original.length < 3) continue;
    const pseudonym = replacements.get(original);
    if (pseudonym === undefined || (WORD_RE.test(original) && TOKEN_PSEUDONYM_RE.test(pseudonym))) continue;
    out = out.split(original).join(pseudonym);
  }
  return out;
}
