import { describe, expect, it } from 'vitest';
import { sliderMove, sliderValue, type RowWindow } from './overview-keys';

/** Applies the moves one after another, as the table would after revealing each row. */
function press(keys: readonly string[], start: RowWindow): number[] {
  let w = start;
  const firsts: number[] = [];
  for (const key of keys) {
    const move = sliderMove(key, w);
    if (move === null) throw new Error(`no move for ${key}`);
    w = { ...w, first: move.first };
    firsts.push(w.first);
  }
  return firsts;
}

describe('overview strip keys', () => {
  const w: RowWindow = { first: 0, visible: 21, total: 119 };

  it('moves on from the current row on every arrow press, and back', () => {
    const firsts = press(['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowLeft'], w);
    expect(firsts).toEqual([6, 12, 18, 12]);
  });

  it('pages by a screenful, stops at the last screenful, and Home/End go to the ends', () => {
    expect(press(['PageDown', 'PageDown'], w)).toEqual([20, 40]);
    expect(press(['End', 'PageDown', 'Home', 'PageUp'], w)).toEqual([98, 98, 0, 0]);
  });

  it('reveals the last row of the new window going forward and its first going back', () => {
    expect(sliderMove('PageDown', w)).toEqual({ first: 20, reveal: 40 });
    expect(sliderMove('ArrowLeft', { ...w, first: 40 })).toEqual({ first: 34, reveal: 34 });
    expect(sliderMove('End', w)).toEqual({ first: 98, reveal: 118 });
  });

  it('moves at least one row on a short log, and ignores other keys', () => {
    expect(press(['ArrowRight', 'ArrowRight'], { first: 0, visible: 5, total: 12 })).toEqual([1, 2]);
    expect(sliderMove('a', w)).toBeNull();
    expect(sliderMove('ArrowRight', { first: 0, visible: 5, total: 0 })).toBeNull();
  });

  it('reports the value as the share of the scrollable rows', () => {
    expect(sliderValue(w)).toBe(0);
    expect(sliderValue({ ...w, first: 49 })).toBe(50);
    expect(sliderValue({ ...w, first: 98 })).toBe(100);
    expect(sliderValue({ first: 0, visible: 40, total: 10 })).toBe(0);
  });
});
