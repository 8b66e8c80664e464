import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../msnp/parse-log';
import { clockStepOf, formatDelta, formatDuration } from './durations';
import { describeStatus } from './row-status';
import { syntheticResult } from './synthetic-result';

const fixture = (path: string) => parseLog(new Uint8Array(readFileSync(join(__dirname, '../../fixtures/msnp', path))), {});

describe('durations', () => {
  it('keeps milliseconds for a clock that has them', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(120)).toBe('120 ms');
    expect(formatDuration(1000)).toBe('1.0 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDelta(1000, 2500)).toBe('+1.5 s');
    expect(formatDelta(null, 2500)).toBe('');
  });

  it('says whole seconds, and "<1 s" for the same second, on a whole-second clock', () => {
    expect(formatDuration(0, 'second')).toBe('<1 s');
    expect(formatDuration(1000, 'second')).toBe('1 s');
    expect(formatDuration(22_000, 'second')).toBe('22 s');
    expect(formatDuration(185_000, 'second')).toBe('3 min 5 s');
    expect(formatDelta(5000, 5000, 'second')).toBe('<1 s');
    expect(formatDelta(5000, 7000, 'second')).toBe('+2 s');
  });

  it("reads the clock's step from the log: Pidgin's (HH:MM:SS) counts seconds, a capture's times have milliseconds", () => {
    expect(clockStepOf(fixture('libpurple/real-03-ubuntuforums-pidgin-msnp15-sso-timeout-libpurple.log'))).toBe('second');
    expect(clockStepOf(fixture('capture/msnp8-signin-switchboard.log'))).toBe('ms');
    // No times at all: nothing to round, and nothing shows a duration.
    expect(clockStepOf(fixture('findings/seed-713-cal.log'))).toBe('ms');
  });

  it('reads whole seconds past 24 days of ms and a half millisecond right (beyond a 32-bit integer)', () => {
    const withTimes = (times: readonly number[]) => {
      const r = syntheticResult(times.length);
      return { ...r, events: r.events.map((e, i) => ({ ...e, time: times[i] ?? null })) };
    };
    const day = 86_400_000;
    expect(clockStepOf(withTimes([30 * day, 30 * day + 5000, 2_147_484_000]))).toBe('second'); // past 2^31 = 2,147,483,648
    expect(clockStepOf(withTimes([30 * day, 30 * day + 1500]))).toBe('ms');
    expect(clockStepOf(withTimes([1000, 2000.5]))).toBe('ms');
    expect(clockStepOf(withTimes([1000, 2000, -3000]))).toBe('second');
  });

  it('the Status column does not claim milliseconds a whole-second log does not have', () => {
    const pidgin = fixture('libpurple/real-03-ubuntuforums-pidgin-msnp15-sso-timeout-libpurple.log');
    const texts = pidgin.events.filter((e) => e.latencyMs !== null).map((e) => describeStatus(pidgin, e).text);
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).not.toMatch(/\d ms\b/);
    expect(texts).toContain('→ OK in <1 s');

    const capture = fixture('capture/msnp8-signin-switchboard.log');
    const ver = capture.events.find((e) => e.command === 'VER' && e.direction === 'client' && e.latencyMs !== null);
    expect(ver?.latencyMs).toBe(100);
    expect(ver && describeStatus(capture, ver).text).toBe('→ OK in 100 ms');
  });
});
