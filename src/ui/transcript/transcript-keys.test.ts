import { describe, expect, it } from 'vitest';
import { moveTarget, transcriptMoveFor, type MoveContext } from './transcript-keys';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) =>
  transcriptMoveFor({ key, ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, ...mods });

/** Lines of the given heights, stacked: pageFrom finds the line a screen of `screen` px away, as the virtualizer does. */
function ctx(current: number, heights: readonly number[], screen = 100, firstInView = 0): MoveContext {
  const starts: number[] = [];
  let y = 0;
  for (const h of heights) {
    starts.push(y);
    y += h;
  }
  const lineAt = (offset: number): number => {
    let i = 0;
    while (i + 1 < starts.length && (starts[i + 1] ?? Infinity) <= offset) i++;
    return i;
  };
  return {
    current,
    count: heights.length,
    firstInView,
    pageFrom: (from, dir) => lineAt(Math.max(0, (starts[from] ?? 0) + dir * screen)),
  };
}

const twenty = Array.from({ length: 30 }, () => 20);

describe('transcript keys', () => {
  it('uses the timeline’s keys for one message, and Home/End/PageUp/PageDown for more', () => {
    expect(press('ArrowDown')).toBe('next');
    expect(press('j')).toBe('next');
    expect(press('ArrowUp')).toBe('prev');
    expect(press('k')).toBe('prev');
    expect(press('Home')).toBe('first');
    expect(press('End')).toBe('last');
    expect(press('PageDown')).toBe('page-down');
    expect(press('PageUp')).toBe('page-up');
    expect(press('Enter')).toBeNull(); // the global handler opens the details
    expect(press('e')).toBeNull();
  });

  it('leaves chords to the browser', () => {
    expect(press('End', { ctrlKey: true })).toBeNull();
    expect(press('ArrowDown', { altKey: true })).toBeNull();
    expect(press('Home', { shiftKey: true })).toBeNull();
  });

  it('moves one line, and stays put at either end', () => {
    expect(moveTarget('next', ctx(4, twenty))).toBe(5);
    expect(moveTarget('prev', ctx(4, twenty))).toBe(3);
    expect(moveTarget('prev', ctx(0, twenty))).toBe(0);
    expect(moveTarget('next', ctx(29, twenty))).toBe(29);
  });

  it('goes to the first and the last line', () => {
    expect(moveTarget('first', ctx(12, twenty))).toBe(0);
    expect(moveTarget('last', ctx(12, twenty))).toBe(29);
  });

  it('pages by the screen’s height, over lines of any height, and never less than one line', () => {
    expect(moveTarget('page-down', ctx(0, twenty))).toBe(5);
    expect(moveTarget('page-up', ctx(10, twenty))).toBe(5);
    expect(moveTarget('page-up', ctx(2, twenty))).toBe(0);
    expect(moveTarget('page-down', ctx(27, twenty))).toBe(29);
    // A line of 300 px is taller than the screen: a page down from it still moves on.
    expect(moveTarget('page-down', ctx(1, [20, 300, 20, 20]))).toBe(2);
    expect(moveTarget('page-down', ctx(0, [20, 20, 300, 20]))).toBe(2);
  });

  it('starts from the first line in view when no line of this connection is selected', () => {
    expect(moveTarget('next', ctx(-1, twenty, 100, 7))).toBe(7);
    expect(moveTarget('prev', ctx(-1, twenty, 100, 7))).toBe(7);
    expect(moveTarget('page-down', ctx(-1, twenty, 100, 7))).toBe(7);
    expect(moveTarget('last', ctx(-1, twenty, 100, 7))).toBe(29);
  });

  it('selects nothing in an empty transcript', () => {
    expect(moveTarget('next', ctx(-1, []))).toBeNull();
    expect(moveTarget('last', ctx(-1, []))).toBeNull();
  });
});
