/**
 * The overview strip as a keyboard slider. Its value is the table's first visible row, so every key press moves
 * from where the table is now: a step computed from a time fraction can land on a row that is already on screen,
 * and then nothing scrolls and the next press computes the same target again.
 */

/** The table's visible window: its first row and how many rows fit, over all the current rows. */
export interface RowWindow {
  readonly first: number;
  readonly visible: number;
  readonly total: number;
}

/** Where the table should go: the new first row, and the row to reveal so that the table lands there. */
export interface SliderMove {
  readonly first: number;
  readonly reveal: number;
}

/** The arrows move a twentieth of the rows (at least one), PageUp/PageDown a screenful less one row of overlap. */
const ARROW_SHARE = 0.05;

/** The largest first row: the last screenful starts here. */
function lastStart(w: RowWindow): number {
  return Math.max(0, w.total - Math.max(1, w.visible));
}

/** The slider's value, 0–100: how far the window is through the rows it can scroll over. */
export function sliderValue(w: RowWindow): number {
  const end = lastStart(w);
  if (end === 0) return 0;
  return Math.round((Math.min(w.first, end) / end) * 100);
}

function stepFor(key: string, w: RowWindow): number | 'start' | 'end' | null {
  const arrow = Math.max(1, Math.round(w.total * ARROW_SHARE));
  const page = Math.max(1, w.visible - 1);
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return arrow;
    case 'ArrowLeft':
    case 'ArrowUp':
      return -arrow;
    case 'PageDown':
      return page;
    case 'PageUp':
      return -page;
    case 'Home':
      return 'start';
    case 'End':
      return 'end';
    default:
      return null;
  }
}

/**
 * The move a key asks for, or null for a key the slider does not use. The table reveals a row with the least
 * scroll, so going forward reveals the new window's last row and going back its first.
 */
export function sliderMove(key: string, w: RowWindow): SliderMove | null {
  const step = stepFor(key, w);
  if (step === null || w.total === 0) return null;
  const end = lastStart(w);
  const current = Math.min(w.first, end);
  const first = step === 'start' ? 0 : step === 'end' ? end : Math.min(end, Math.max(0, current + step));
  const forward = first > current || step === 'end';
  const reveal = forward ? Math.min(w.total - 1, first + Math.max(1, w.visible) - 1) : first;
  return { first, reveal };
}
