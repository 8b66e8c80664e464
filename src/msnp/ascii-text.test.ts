import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASCII_TEXT_MAX, asciiText } from './ascii-text';

describe('asciiText', () => {
  it('is the bytes as chars, one per byte, for any range of ASCII bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }).map((b) => b.map((x) => x & 0x7f)), fc.nat(), fc.nat(), (bytes, x, y) => {
        const from = bytes.length === 0 ? 0 : x % (bytes.length + 1);
        const to = from + (bytes.length === 0 ? 0 : y % (bytes.length - from + 1));
        expect(asciiText(bytes, from, to)).toBe(new TextDecoder().decode(bytes.subarray(from, to)));
      }),
    );
  });

  it('leaves no char of a longer earlier run in a shorter later one', () => {
    const long = new TextEncoder().encode('USR 5 alice@example.com 1234567890.123.456');
    const short = new TextEncoder().encode('OK');
    expect(asciiText(long, 0, long.length)).toBe('USR 5 alice@example.com 1234567890.123.456');
    expect(asciiText(short, 0, 2)).toBe('OK');
    expect(asciiText(short, 1, 1)).toBe('');
  });

  it('builds the longest run it allows', () => {
    const bytes = new Uint8Array(ASCII_TEXT_MAX).fill(0x41);
    expect(asciiText(bytes, 0, ASCII_TEXT_MAX)).toBe('A'.repeat(ASCII_TEXT_MAX));
  });
});
