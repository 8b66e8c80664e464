import { describe, expect, it } from 'vitest';
import { connectionHue, formatCount, formatDelta, formatDuration, formatTime, toHexDump } from './format';

describe('format', () => {
  it('formats clock times, with milliseconds only when present and day roll-overs', () => {
    expect(formatTime(null)).toBe('');
    expect(formatTime(11 * 3_600_000 + 44 * 60_000 + 10_000)).toBe('11:44:10');
    expect(formatTime(61_250)).toBe('00:01:01.250');
    expect(formatTime(86_400_000 + 5000)).toBe('+1d 00:00:05');
    // A log whose clock counts milliseconds shows them on every row, .000 included, so the column lines up.
    expect(formatTime(18 * 3_600_000 + 30 * 60_000, 'ms')).toBe('18:30:00.000');
    expect(formatTime(18 * 3_600_000 + 30 * 60_000, 'second')).toBe('18:30:00');
  });
  it('formats durations and deltas', () => {
    expect(formatDuration(120)).toBe('120 ms');
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDelta(1000, 2500)).toBe('+1.5 s');
    expect(formatDelta(null, 2500)).toBe('');
  });
  it('groups thousands', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
  });
  it('gives a connection the same hue every time and neighbours different hues', () => {
    expect(connectionHue('SB2')).toBe(connectionHue('SB2'));
    expect(connectionHue('SB1')).not.toBe(connectionHue('SB2'));
    expect(connectionHue('NS1')).not.toBe(connectionHue('SB1'));
    expect(connectionHue('NS1')).not.toBe(connectionHue('DS1'));
  });
  it('dumps bytes as hex with an ASCII gutter', () => {
    const dump = toHexDump('MSG\r\n');
    expect(dump).toBe('00000000  4d 53 47 0d 0a                                   MSG..');
    expect(toHexDump('é')).toContain('c3 a9');
    expect(toHexDump('ABCDEFGHIJ', 8).split('\n')).toEqual([
      '00000000  41 42 43 44 45 46 47 48  ABCDEFGH',
      '00000008  49 4a                    IJ',
    ]);
  });
});
