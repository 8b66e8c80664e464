import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lowerUtf8, type LowerOut } from './lower-utf8';

const encoder = new TextEncoder();

/** lowerUtf8 over all of `src`, written after `lead` bytes of output: its result and the bytes it wrote. */
function lowerAll(src: Uint8Array, lead = 0): { units: number; bytes: Uint8Array } {
  const bytes = new Uint8Array(lead + src.length + 8);
  const out: LowerOut = { bytes, view: new DataView(bytes.buffer), pos: lead };
  const units = lowerUtf8(src, new DataView(src.buffer, src.byteOffset, src.byteLength), 0, src.length, out);
  return { units, bytes: bytes.subarray(lead, out.pos) };
}

/** Text that mixes ASCII of both cases with characters lower-casing keeps, changes, or changes in context. */
const mixedText = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme-ascii' }),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('Σ', 'ΑΣ ', 'İ', 'ẞ', '\u212A', 'É', 'é', 'Ж', 'ж', '☕', '日本', '😀', '𐐀', '𐐨', '\uFEFF', 'Zo%C3%AB'),
  ),
).map((parts) => parts.join(''));

describe('lowerUtf8', () => {
  test('writes exactly the UTF-8 of toLowerCase, or declines (property)', () => {
    fc.assert(fc.property(mixedText, fc.integer({ min: 0, max: 3 }), (text, lead) => {
      const src = encoder.encode(text);
      const { units, bytes } = lowerAll(src, lead);
      if (units < 0) return;
      const lower = text.toLowerCase();
      expect(units).toBe(lower.length);
      expect([...bytes]).toEqual([...encoder.encode(lower)]);
    }), { numRuns: 2000 });
  });

  // Random bytes, and text with malformed pieces among the well-formed ones: a surrogate (ED A0 80), overlong forms
  // (C0 AF, E0 80 80, F0 80 80 80), above U+10FFFF (F4 90 80 80), a lone continuation byte, a cut sequence.
  const malformed = fc.oneof(
    fc.uint8Array({ maxLength: 40 }),
    fc.array(fc.oneof(
      fc.constantFrom([0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe0, 0x80, 0x80], [0xf0, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xe2, 0x98]),
      fc.constantFrom([0x41], [0x61], [0xc3, 0xa9], [0xe2, 0x98, 0x95], [0xf0, 0x9f, 0x98, 0x80], [0xed, 0x9f, 0xbf]),
    ), { maxLength: 12 }).map((parts) => Uint8Array.from(parts.flat())),
  );

  test('declines any byte sequence that is not well-formed UTF-8 (property)', () => {
    fc.assert(fc.property(malformed, (src) => {
      const { units, bytes } = lowerAll(src);
      if (units < 0) return;
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(src); // throws when malformed
      expect([...bytes]).toEqual([...encoder.encode(text.toLowerCase())]);
    }), { numRuns: 2000 });
  });

  test('never declines ASCII, nor characters lower-casing keeps', () => {
    for (const text of ['MSG 4 N 133', 'usr 7 TWN S t=AbC', 'Zoë ☕ 日本 😀 é', '\uFEFF>>> VER 1']) {
      const { units, bytes } = lowerAll(encoder.encode(text));
      expect(units).toBe(text.length);
      expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(text.toLowerCase());
    }
  });

  test('declines characters that change, so the string path lowers them in context', () => {
    for (const text of ['ΑΣ', 'İstanbul', 'ÉCOLE', 'ẞ', '𐐀']) expect(lowerAll(encoder.encode(text)).units).toBe(-1);
  });
});
