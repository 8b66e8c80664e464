/**
 * The transcript's own keys, as data and arithmetic (no DOM): the timeline's ↑/↓ and j/k (shortcuts.ts), plus
 * Home/End and PageUp/PageDown, which a list of variable-height lines needs more than the timeline does.
 */
import { assertNever } from '../../msnp/assert';
import { shortcutFor } from '../app/shortcuts';

export type TranscriptMove = 'next' | 'prev' | 'first' | 'last' | 'page-down' | 'page-up';

type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey'>;

const PAGE_KEYS: Readonly<Record<string, TranscriptMove>> = {
  Home: 'first',
  End: 'last',
  PageDown: 'page-down',
  PageUp: 'page-up',
};

/** The move a key asks for, or null: chords with Ctrl/Alt/Meta stay the browser's, as in the timeline. */
export function transcriptMoveFor(e: KeyPress): TranscriptMove | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const shortcut = shortcutFor(e);
  if (shortcut === 'next' || shortcut === 'prev') return shortcut;
  // Shift+Home and friends select text in a browser: not a move.
  if (e.shiftKey) return null;
  return PAGE_KEYS[e.key] ?? null;
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
