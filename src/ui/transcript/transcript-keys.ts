/**
 * The transcript's own keys, as arithmetic (no DOM): the timeline's ↑/↓, j/k, Home/End and PageUp/PageDown
 * (shortcuts.ts), over a list of lines of any height. The timeline's jumps use the same arithmetic (row-keys.ts).
 */
import { assertNever } from '../../msnp/assert';
import { shortcutFor } from '../app/shortcuts';

export type TranscriptMove = 'next' | 'prev' | 'first' | 'last' | 'page-down' | 'page-up';

type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey'>;

/** The move a key asks for, or null: the timeline's keys (shortcuts.ts), chords and Shift+Home and friends left out. */
export function transcriptMoveFor(e: KeyPress): TranscriptMove | null {
  const shortcut = shortcutFor(e);
  switch (shortcut) {
    case 'next':
    case 'prev':
    case 'first':
    case 'last':
    case 'page-down':
    case 'page-up':
      return shortcut;
    default:
      // Enter, e/E and the rest: the window's handler (use-keyboard) takes them.
      return null;
  }
}

export interface MoveContext {
  /** Index of the selected line on this connection, or -1 (nothing selected, or an event of another connection). */
  readonly current: number;
  readonly count: number;
  /** The first line in view: where a move starts from when no line of this transcript is selected. */
  readonly firstInView: number;
  /** The line a screen away from `from` (dir 1: down, -1: up), from the lines' measured positions. */
  readonly pageFrom: (from: number, dir: 1 | -1) => number;
}

const clamp = (i: number, count: number): number => Math.min(count - 1, Math.max(0, i));

/** The index the move selects, or null when there is nothing to select. At either end a move stays put. */
export function moveTarget(move: TranscriptMove, ctx: MoveContext): number | null {
  const { current, count } = ctx;
  if (count === 0) return null;
  const from = current >= 0 && current < count ? current : -1;
  switch (move) {
    case 'first':
      return 0;
    case 'last':
      return count - 1;
    case 'next':
      return from < 0 ? clamp(ctx.firstInView, count) : clamp(from + 1, count);
    case 'prev':
      return from < 0 ? clamp(ctx.firstInView, count) : clamp(from - 1, count);
    case 'page-down':
    case 'page-up': {
      if (from < 0) return clamp(ctx.firstInView, count);
      const dir = move === 'page-down' ? 1 : -1;
      // A line taller than the screen would give itself back: always move at least one line.
      const paged = ctx.pageFrom(from, dir);
      return clamp(paged === from ? from + dir : paged, count);
    }
    default:
      return assertNever(move, 'transcript move');
  }
}
