/**
 * The timeline's jumps (Home/End, PageUp/PageDown) as arithmetic over its rows, no DOM: the transcript's moves
 * (transcript-keys.ts) on rows of one height, where a screen is a count of rows, then moved off a
 * non-protocol line (a negative entry in the rows) onto the nearest event, since only events can be selected.
 */
import { assertNever } from '../../msnp/assert';
import { toEventId, type EventId } from '../../msnp/types';
import { moveTarget } from '../transcript/transcript-keys';

export type RowJump = 'first' | 'last' | 'page-down' | 'page-up';

export interface JumpContext {
  /** The timeline's rows as shown: event ids, negative entries for non-protocol lines. */
  readonly rows: Int32Array;
  readonly selected: EventId | null;
  /** The first row in view: where a page move starts when the selection is not among the rows. */
  readonly firstInView: number;
  /** The rows in view, partly shown ones included (the table reports them for the overview strip). */
  readonly rowsInView: number;
}

/**
 * How far a page moves: the rows in view less one, so the row at the edge stays on the screen and the reader
 * keeps their place, as a browser's own Page Down does (and the overview strip's).
 */
export function pageRows(rowsInView: number): number {
  return Math.max(1, rowsInView - 1);
}

/** The direction to look for an event when the move lands on a non-protocol line: onwards, the way it moved. */
function towards(jump: RowJump): 1 | -1 {
  switch (jump) {
    case 'first':
    case 'page-down':
      return 1;
    case 'last':
    case 'page-up':
      return -1;
    default:
      return assertNever(jump, 'row jump');
  }
}

/** The event at index `at` or the nearest one beyond it in `dir`, else the nearest on the other side; null if none. */
function nearestEvent(rows: Int32Array, at: number, dir: 1 | -1): EventId | null {
  for (const d of [dir, -dir]) {
    for (let i = at; i >= 0 && i < rows.length; i += d) {
      const code = rows[i] ?? -1;
      if (code >= 0) return toEventId(code);
    }
  }
  return null;
}

/** The event a jump selects, or null when the rows hold none. At either end a page move stays put. */
export function jumpTarget(jump: RowJump, ctx: JumpContext): EventId | null {
  const { rows, selected } = ctx;
  const step = pageRows(ctx.rowsInView);
  const index = moveTarget(jump, {
    current: selected === null ? -1 : rows.indexOf(selected),
    count: rows.length,
    firstInView: ctx.firstInView,
    pageFrom: (from, dir) => from + dir * step,
  });
  return index === null ? null : nearestEvent(rows, index, towards(jump));
}
