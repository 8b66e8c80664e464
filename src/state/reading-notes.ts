/**
 * How the file was read, when it is not one log in one format: a block read as another dialect (a second log
 * pasted further down a forum post), or lines that look like another dialect's protocol and were left unread.
 * The core says so in diagnostics; these are the ones a user must see next to the verdict, because they change
 * what the timeline holds (events from two logs, or events missing).
 */
import type { Diagnostic, ParseResult } from '../msnp/types';

export type ReadingNoteKind = Extract<Diagnostic['kind'], 'dialect-block' | 'other-dialect-lines'>;

export interface ReadingNote {
  readonly kind: ReadingNoteKind;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  /** The first line the note is about, when the core gives it. */
  readonly line: number | null;
}

function readingKind(kind: Diagnostic['kind']): ReadingNoteKind | null {
  return kind === 'dialect-block' || kind === 'other-dialect-lines' ? kind : null;
}

/** The reading notes of a result, in file order. */
export function readingNotes(result: Pick<ParseResult, 'diagnostics'>): readonly ReadingNote[] {
  const notes: ReadingNote[] = [];
  for (const d of result.diagnostics) {
    const kind = readingKind(d.kind);
    if (kind !== null) notes.push({ kind, severity: d.severity, message: d.message, line: d.line ?? null });
  }
  return notes.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
