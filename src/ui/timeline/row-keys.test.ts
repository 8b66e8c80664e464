import { describe, expect, it } from 'vitest';
import { toEventId, type EventId } from '../../msnp/types';
import { jumpTarget, pageRows, type JumpContext, type RowJump } from './row-keys';

/** Timeline rows: numbers are event ids, `~line` (negative) a non-protocol line, as the row model stores them. */
const rows = (...codes: number[]): Int32Array => Int32Array.from(codes);
const LINE = ~0;

/** Forty events, ids 100..139, in a table that shows eleven rows (one of them cut by the edge). */
const forty = rows(...Array.from({ length: 40 }, (_, i) => 100 + i));

function jump(move: RowJump, ctx: Partial<JumpContext> & { readonly rows: Int32Array }): EventId | null {
  return jumpTarget(move, { selected: null, firstInView: 0, rowsInView: 11, ...ctx });
}
const sel = (id: number): EventId => toEventId(id);

describe('timeline jumps (Home/End/PageUp/PageDown)', () => {
  it('Home and End select the first and the last row, from anywhere', () => {
    expect(jump('first', { rows: forty, selected: sel(120) })).toBe(100);
    expect(jump('last', { rows: forty, selected: sel(120) })).toBe(139);
    expect(jump('last', { rows: forty })).toBe(139);
    expect(jump('first', { rows: forty, firstInView: 30 })).toBe(100);
  });

  it('PageDown and PageUp move by the rows in view less one, and stay put at either end', () => {
    expect(pageRows(11)).toBe(10);
    expect(jump('page-down', { rows: forty, selected: sel(100) })).toBe(110);
    expect(jump('page-down', { rows: forty, selected: sel(110) })).toBe(120);
    expect(jump('page-up', { rows: forty, selected: sel(125) })).toBe(115);
    expect(jump('page-up', { rows: forty, selected: sel(104) })).toBe(100);
    expect(jump('page-down', { rows: forty, selected: sel(135) })).toBe(139);
    expect(jump('page-down', { rows: forty, selected: sel(139) })).toBe(139);
    expect(jump('page-up', { rows: forty, selected: sel(100) })).toBe(100);
  });

  it('a table showing one row or none still pages by one row', () => {
    expect(jump('page-down', { rows: forty, selected: sel(100), rowsInView: 1 })).toBe(101);
    expect(jump('page-down', { rows: forty, selected: sel(100), rowsInView: 0 })).toBe(101);
  });

  it('walks the rows as shown, in their order (a sorted table), not by event id', () => {
    const sorted = rows(7, 3, 9, 1, 5);
    expect(jump('first', { rows: sorted, selected: sel(9) })).toBe(7);
    expect(jump('last', { rows: sorted, selected: sel(9) })).toBe(5);
    expect(jump('page-down', { rows: sorted, selected: sel(3), rowsInView: 3 })).toBe(1);
  });

  it('starts from the first row in view when the selection is not among the rows', () => {
    expect(jump('page-down', { rows: forty, firstInView: 17 })).toBe(117);
    expect(jump('page-up', { rows: forty, selected: sel(5), firstInView: 17 })).toBe(117);
  });

  it('lands on an event, never on a non-protocol line: onwards first, else back', () => {
    const mixed = rows(LINE, LINE, 10, 11, LINE, LINE, 12, 13, LINE);
    expect(jump('first', { rows: mixed })).toBe(10);
    expect(jump('last', { rows: mixed })).toBe(13);
    // 10 is at index 2; two rows on is a line (index 4), the next event after it is 12.
    expect(jump('page-down', { rows: mixed, selected: sel(10), rowsInView: 3 })).toBe(12);
    // 12 is at index 6; two rows back is a line (index 4), the event before it is 11.
    expect(jump('page-up', { rows: mixed, selected: sel(12), rowsInView: 3 })).toBe(11);
    // From 13 the page ends on the trailing line: no event after it, so the last one before.
    expect(jump('page-down', { rows: mixed, selected: sel(13), rowsInView: 3 })).toBe(13);
    // From 10 a page up ends on a leading line: no event before it, so the first one after.
    expect(jump('page-up', { rows: mixed, selected: sel(10), rowsInView: 3 })).toBe(10);
  });

  it('selects nothing when the rows hold no event', () => {
    expect(jump('last', { rows: rows() })).toBeNull();
    expect(jump('first', { rows: rows(LINE, ~1) })).toBeNull();
    expect(jump('page-down', { rows: rows(LINE, ~1) })).toBeNull();
  });
});
