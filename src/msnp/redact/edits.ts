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

// Payload lengths count bytes; the one byte counter lives with the decoder.
export { utf8Length } from '../decode';
