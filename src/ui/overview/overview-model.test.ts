import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../msnp/parse-log';
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
});
