/**
 * Under the verdict: how the file was read when it holds more than one log format (a block read as another
 * dialect, or lines of another dialect left unread). The timeline mixes or lacks events because of it, so the
 * user reads it before the findings. Messages are the core's plain text, rendered as text.
 */
import type { ParseResult } from '../../msnp/types';
import { readingNotes } from '../../state/reading-notes';

export function ReadingNotes({ result }: { readonly result: ParseResult }) {
  const notes = readingNotes(result);
  if (notes.length === 0) return null;
  return (
    <ul className="reading-notes" data-testid="reading-notes" aria-label="How the file was read">
      {notes.map((n, i) => (
        <li key={`${n.kind}-${n.line ?? i}`} className={`reading-note is-${n.severity}`} data-kind={n.kind}>
          <span className="reading-note-label">{n.severity === 'note' ? 'Note: ' : 'Warning: '}</span>
          {n.message}
        </li>
      ))}
    </ul>
  );
}
