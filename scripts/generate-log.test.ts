/**
 * The bench's log generator (bench/generate-log.mjs) must write logs the analyzer reads completely: otherwise the
 * benchmark would time a parser skipping half the file. Small sizes, both forms, checked through parseLog.
 */
import { describe, expect, it } from 'vitest';
import { FORMS, generateLogText, parseSize } from '../bench/generate-log.mjs';
import { parseLog } from '../src/msnp/parse-log';

const BYTES = 160_000;

describe('bench/generate-log.mjs', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateLogText({ bytes: 20_000, form: 'transcript', seed: 7 });
    expect(generateLogText({ bytes: 20_000, form: 'transcript', seed: 7 }).text).toBe(a.text);
    expect(generateLogText({ bytes: 20_000, form: 'transcript', seed: 8 }).text).not.toBe(a.text);
  });

  it('reaches the target size and reports its own byte and line counts exactly', () => {
    for (const form of FORMS) {
      const { text, summary } = generateLogText({ bytes: BYTES, form });
      const bytes = new TextEncoder().encode(text);
      expect(summary.bytes).toBe(bytes.length);
      expect(summary.bytes).toBeGreaterThanOrEqual(BYTES);
      expect(summary.lines).toBe(text.split('\n').length - 1);
    }
  });

  for (const form of FORMS) {
    it(`writes a ${form} log that parseLog reads message for message`, () => {
      const { text, summary } = generateLogText({ bytes: BYTES, form });
      const r = parseLog(new TextEncoder().encode(text), {});
      expect(r.detection.dialect).toBe(form);
      expect(r.events).toHaveLength(summary.messages);
      expect(r.events.filter((e) => e.direction === 'client')).toHaveLength(summary.clientMessages);
      expect(r.events.filter((e) => e.error !== null)).toHaveLength(summary.errorReplies);
      // `UUX 9 0` declares an empty payload; the generator counts only messages with a body.
      const bodies = r.events.filter((e) => e.payload !== null && e.payload.declaredBytes > 0);
      // The generator never wraps a line: a header joined with the line after it is a misread.
      expect(r.events.filter((e) => e.flags.includes('wrapped')).map((e) => `line ${e.line}: ${e.raw.slice(0, 70)}`).slice(0, 5)).toEqual([]);
      expect(bodies).toHaveLength(summary.payloads);
      // Every line is a message header, a payload body line or one of the generator's noise lines.
      expect(r.nonProtocol).toHaveLength(summary.noiseLines);
      expect(r.diagnostics.filter((d) => d.kind === 'payload-length-mismatch')).toEqual([]);
      expect(r.events.some((e) => e.error?.code === 713)).toBe(true);
      expect(r.events.some((e) => e.error?.code === 800)).toBe(true);
    });
  }

  it('reads sizes as a person writes them', () => {
    expect(parseSize('10M')).toBe(10 * 2 ** 20);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('1234')).toBe(1234);
    expect(() => parseSize('ten')).toThrow(/bad size/);
  });
});
