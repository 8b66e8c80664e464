import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateParseMemory, ESTIMATE_HEAD_BYTES } from './memory-estimate';

const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(join('public/samples', name)));
const real = (name: string): Uint8Array => new Uint8Array(readFileSync(join('../shared/corpus/real', name)));

/** A log's head as the app reads it: its first ESTIMATE_HEAD_BYTES, the sample repeated until there are that many. */
function headOf(log: Uint8Array): Uint8Array {
  const out = new Uint8Array(ESTIMATE_HEAD_BYTES);
  for (let at = 0; at < out.length; at += log.length) out.set(log.subarray(0, Math.min(log.length, out.length - at)), at);
  return out;
}

/** Only the lines of `log` that contain `needle`, as `grep needle` leaves a server's log. */
function grep(log: Uint8Array, needle: string): Uint8Array {
  const text = new TextDecoder().decode(log);
  return new TextEncoder().encode(`${text.split('\n').filter((l) => l.includes(needle)).join('\n')}\n`);
}

describe('estimateParseMemory', () => {
  it("puts a client's debug log of sessions near the two and a half times its size the bench measures", () => {
    for (const name of ['msnp15-login-and-chat.log', 'msnp9-rate-limit-800.log']) {
      const e = estimateParseMemory(headOf(sample(name)));
      expect(e.serverLog, name).toBe(false);
      expect(e.factor, name).toBeGreaterThan(1.8);
      expect(e.factor, name).toBeLessThan(3);
    }
  });

  it("reads an Escargot server log as a server's and gives its sign-ins their memory: above five times its size", () => {
    const e = estimateParseMemory(headOf(sample('escargot-server-sign-ins.log')));
    expect(e.serverLog).toBe(true);
    expect(e.factor).toBeGreaterThan(5);
  });

  it('gives short lines more per byte than long ones: a log grepped for one code costs more than the log', () => {
    const log = readFileSync(join('fixtures/msnp/findings/server-bursts.log'));
    const whole = estimateParseMemory(headOf(new Uint8Array(log)));
    const grepped = estimateParseMemory(headOf(grep(new Uint8Array(log), ' 800 ')));
    expect(grepped.lineBytes).toBeLessThan(whole.lineBytes);
    expect(grepped.factor).toBeGreaterThan(whole.factor);
  });

  it('reads the head as the user asked: the same bytes forced to another dialect are not a server log', () => {
    const head = headOf(sample('escargot-server-sign-ins.log'));
    expect(estimateParseMemory(head, 'transcript').serverLog).toBe(false);
  });

  it('takes any bytes without throwing: an empty head (also what a failed read of it gives) costs only the bytes, a binary one little more', () => {
    expect(estimateParseMemory(new Uint8Array(0)).factor).toBe(1);
    const binary = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff);
    const e = estimateParseMemory(binary);
    expect(e.factor).toBeLessThan(1.5);
    expect(e.serverLog).toBe(false);
    expect(estimateParseMemory(real('01-pright-blog-msnp8-seed.log')).factor).toBeLessThan(3);
  });
});
