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
import type { ParseResult } from './types';
import { addEdit, applyEdits, findToken, resolveEdits, type EditMap, type LineEdit } from './redact/edits';
import { DEFAULT_REDACT_SELECTION, REDACT_KINDS, type RedactKind, type RedactSelection } from './redact/kinds';
import { createPseudonyms, SHAPE_KIND, type Pseudonyms, type PseudoShape } from './redact/pseudonyms';
import { scanShapes, scanWrappedShapes } from './redact/shapes';
import { secretsOf, type Secret } from './redact/secrets';
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
/** Shorter values are replaced only where they were found, never as free-floating copies. */
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

/** Places one positional secret on its event's lines; false when the text does not show it. */
function placeSecret(lines: readonly string[], first: number, last: number, s: Secret, names: Pseudonyms, edits: EditMap): boolean {
  const { shape, value, anchor } = s;
  const prefix = s.prefix ?? '';
  for (const v of value === escapeHtml(value) ? [value] : [value, escapeHtml(value)]) {
    for (let i = first; i <= last; i++) {
      const line = lines[i] ?? '';
      const a = anchor === null ? -1 : line.indexOf(anchor);
      const found = findToken(line, prefix + v, a < 0 ? 0 : a + (anchor?.length ?? 0));
      if (found < 0) continue;
      const at = found + prefix.length;
      const kind = SHAPE_KIND[shape];
      addEdit(edits, i, { start: at, end: at + v.length, replacement: names.assign(shape, value), kind, priority: PRIORITY_POSITIONAL });
      return true;
    }
  }
  return prefix === '' && placeWrapped(lines, first, last, s, names, edits);
}

/**
 * A token the log wrapped onto the next line (`…&p= HAAA…Q` / `S1il8…=` in papyon output), which the parser
 * joined: finds the split, and replaces both halves with the halves of the (same-length) pseudonym.
 */
function placeWrapped(lines: readonly string[], first: number, last: number, s: Secret, names: Pseudonyms, edits: EditMap): boolean {
  const { value, shape } = s;
  for (let i = first; i < last; i++) {
    const head = (lines[i] ?? '').trimEnd();
    const next = lines[i + 1] ?? '';
    for (let k = Math.min(value.length - 4, head.length); k >= 4; k--) {
      if (!head.endsWith(value.slice(0, k)) || !next.startsWith(value.slice(k))) continue;
      const pseudo = names.assign(shape, value).padEnd(value.length, '_');
      const kind = SHAPE_KIND[shape];
      addEdit(edits, i, { start: head.length - k, end: head.length, replacement: pseudo.slice(0, k), kind, priority: PRIORITY_POSITIONAL });
      addEdit(edits, i + 1, { start: 0, end: value.length - k, replacement: pseudo.slice(k), kind, priority: PRIORITY_POSITIONAL });
      return true;
    }
  }
  return false;
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

function scanPositional(result: ParseResult, lines: readonly string[], sel: RedactSelection, names: Pseudonyms, edits: EditMap): number {
  const literals = new Map<string, PseudoShape>();
  let unlocated = 0;
  for (const e of result.events) {
    for (const s of secretsOf(e)) {
      if (!sel[SHAPE_KIND[s.shape]]) continue;
      const placed = placeSecret(lines, e.line - 1, e.endLine - 1, s, names, edits);
      if (!placed) unlocated++;
      if (s.shape !== 'nick' && s.shape !== 'psm' && s.value.length >= MIN_LITERAL_LENGTH && !literals.has(s.value)) {
        literals.set(s.value, s.shape);
      }
    }
  }
  scanLiterals(lines, literals, names, edits);
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

/** Applies a redaction's replacements to other text from the same log (longest originals first). */
export function redactDerivedText(text: string, replacements: ReadonlyMap<string, string>): string {
  let out = text;
  for (const original of [...replacements.keys()].sort((a, b) => b.length - a.length)) {
    if (original.length < 3) continue;
    const pseudonym = replacements.get(original);
    if (pseudonym !== undefined) out = out.split(original).join(pseudonym);
  }
  return out;
}
