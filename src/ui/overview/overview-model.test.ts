import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../msnp/parse-log';
import { getEventIndex } from '../../state/filter/event-index';
import { binRows, getOverviewBase, positionOfRow, rowIndexAtPosition } from './overview-model';

const result = parseLog(new Uint8Array(readFileSync('public/samples/msnp9-rate-limit-800.log')), {});
const allRows = Int32Array.from(result.events.map((e) => e.id));

describe('overview model', () => {
  it('places every event on a non-decreasing time axis and marks the errors', () => {
    const base = getOverviewBase(result);
    expect(result.hasTimes).toBe(true);
    expect(base.axis.kind).toBe('time');
    for (let i = 1; i < base.eventPos.length; i++) expect(base.eventPos[i]).toBeGreaterThanOrEqual(base.eventPos[i - 1] ?? 0);
    const errors = result.events.filter((e) => e.error !== null).length;
    expect(errors).toBeGreaterThan(0);
    expect(base.errorMask.reduce((a, b) => a + b, 0)).toBe(errors);
    expect(getOverviewBase(result)).toBe(base); // cached per result
  });

  it('bins all events, and only the filtered ones as hits', () => {
    const base = getOverviewBase(result);
    const errorRows = Int32Array.from(result.events.filter((e) => e.error !== null).map((e) => e.id));
    const bins = binRows(base, errorRows, true, 64);
    expect(bins.total.reduce((a, b) => a + b, 0)).toBe(result.events.length);
    expect(bins.hits.reduce((a, b) => a + b, 0)).toBe(errorRows.length);
    expect(Array.from(bins.errors)).toEqual(Array.from(bins.hits));
    const unfiltered = binRows(base, allRows, false, 64);
    expect(unfiltered.hits.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('puts a non-protocol line at the position of the event before it', () => {
    const base = getOverviewBase(result);
    const k = result.nonProtocol.findIndex((l) => l.line > (result.events[0]?.line ?? 0));
    expect(k).toBeGreaterThanOrEqual(0);
    const line = result.nonProtocol[k]?.line ?? 0;
    const before = [...result.events].reverse().find((e) => e.line < line);
    expect(positionOfRow(base, ~k)).toBe(base.eventPos[before?.id ?? 0]);
  });

  it('finds the row to jump to for a position, by binary search in line order and by scan otherwise', () => {
    const base = getOverviewBase(result);
    const target = result.events[60];
    if (!target) throw new Error('sample too short');
    const pos = positionOfRow(base, target.id);
    const idx = rowIndexAtPosition(base, allRows, pos, true);
    expect(positionOfRow(base, allRows[idx] ?? 0)).toBe(pos);
    expect(positionOfRow(base, allRows[idx - 1] ?? 0)).toBeLessThan(pos);
    const reversed = allRows.slice().reverse();
    expect(positionOfRow(base, reversed[rowIndexAtPosition(base, reversed, pos, false)] ?? 0)).toBe(pos);
    expect(rowIndexAtPosition(base, new Int32Array(0), pos, true)).toBe(-1);
  });

  describe('the axis, on the column itself where it already is one', () => {
    const parseText = (text: string) => parseLog(new TextEncoder().encode(text), {});
    const runningMax = (values: ArrayLike<number>): number[] => {
      const out: number[] = [];
      let last = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < values.length; i++) {
        const v = values[i] ?? Number.NaN;
        last = Number.isNaN(v) ? (last === Number.NEGATIVE_INFINITY ? 0 : last) : Math.max(last, v);
        out.push(last);
      }
      return out;
    };

    it('times that never go back: the time column is the axis, no copy', () => {
      const base = getOverviewBase(result);
      const idx = getEventIndex(result);
      expect(base.eventPos.buffer).toBe(idx.time.buffer);
      expect(Array.from(base.eventPos)).toEqual(runningMax(idx.time.subarray(0, idx.count)));
    });

    it('a time that goes back: a running maximum of its own, the time column untouched', () => {
      const r = parseText(['(10:00:05) msn: C: NS 000: VER 1 MSNP9 CVR0', '(10:00:01) msn: S: NS 000: VER 1 MSNP9', '(10:00:09) msn: C: NS 000: CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS a@b.c'].join('\n'));
      const base = getOverviewBase(r);
      const idx = getEventIndex(r);
      expect(base.axis.kind).toBe('time');
      expect(base.eventPos.buffer).not.toBe(idx.time.buffer);
      expect(Array.from(base.eventPos)).toEqual([36005000, 36005000, 36009000]);
      expect(Array.from(idx.time.subarray(0, 3))).toEqual([36005000, 36001000, 36009000]);
    });

    it('no times: the line column is the axis', () => {
      const r = parseText(['>>> VER 1 MSNP9 CVR0', 'noise', '<<< VER 1 MSNP9'].join('\n'));
      const base = getOverviewBase(r);
      expect(r.hasTimes).toBe(false);
      expect(base.axis).toEqual({ kind: 'line', min: 1, max: 3 });
      expect(Array.from(base.eventPos)).toEqual([1, 3]);
      expect(base.eventPos).toBeInstanceOf(Int32Array); // the line column itself, not a copy in doubles
    });
  });
});
