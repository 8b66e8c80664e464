/**
 * Edits on source lines: "replace characters [start, end) of line N with this text". Every redaction stage
 * produces edits against the ORIGINAL line text; this module resolves overlaps and applies them, so stages never
 * see each other's output and never re-redact a pseudonym.
 */
import type { RedactKind } from './kinds';

export interface LineEdit {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
  readonly kind: RedactKind;
  /** Higher wins an overlap: a whole message body beats an address inside it. */
  readonly priority: number;
  /** True for bookkeeping edits (a rewritten payload length) that replace no personal value. */
  readonly bookkeeping?: boolean;
}

/** Edits per 0-based line index. */
export type EditMap = Map<number, LineEdit[]>;

export function addEdit(map: EditMap, lineIndex: number, edit: LineEdit): void {
  if (edit.end <= edit.start) return;
  const list = map.get(lineIndex);
  if (list) list.push(edit);
  else map.set(lineIndex, [edit]);
}

/** Keeps a non-overlapping subset: by priority, then earliest, then longest. */
export function resolveEdits(edits: readonly LineEdit[]): LineEdit[] {
  const ranked = [...edits].sort(
    (a, b) => b.priority - a.priority || a.start - b.start || b.end - b.start - (a.end - a.start),
  );
  const kept: LineEdit[] = [];
  for (const e of ranked) {
    if (kept.every((k) => e.end <= k.start || e.start >= k.end)) kept.push(e);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Applies already-resolved edits (sorted, disjoint) to a line. */
export function applyEdits(line: string, edits: readonly LineEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += line.slice(at, e.start) + e.replacement;
    at = e.end;
  }
  return out + line.slice(at);
}

/** Finds `token` in `line` as a whole whitespace-separated word at or after `from`; -1 when absent. */
export function findToken(line: string, token: string, from = 0): number {
  if (token === '') return -1;
  let i = line.indexOf(token, from);
  while (i >= 0) {
    const before = i === 0 ? ' ' : line.charAt(i - 1);
    const after = line.charAt(i + token.length);
    if (/\s/.test(before) && (after === '' || /\s/.test(after))) return i;
    i = line.indexOf(token, i + 1);
  }
  return -1;
}

/** UTF-8 byte length of a JS string (lone surrogates count as the 3-byte U+FFFD they would encode to). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}
