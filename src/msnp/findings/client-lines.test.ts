import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFindingsFixture } from '../../test-utils/findings-fixtures';
import { parseLog } from '../parse-log';
import { nonProtocolLineAt, openingTimeBefore } from './client-lines';
import type { LoginStep, NonProtocolLine, ParseResult } from '../types';

function passportSteps(r: ParseResult): LoginStep[] {
  return r.findings.flatMap((f) => (f.detail.kind === 'login' ? f.detail.attempt.steps.filter((s) => s.name === 'Passport') : []));
}

describe("the Passport step cites the client's own lines about it", () => {
  it('papyon: "Requesting security tokens…" and "Received security tokens", between the policy and the ticket', () => {
    const r = parseLog(new Uint8Array(readFileSync(join(process.cwd(), 'public/samples/msnp15-login-911.log'))), {});
    const [passport] = passportSteps(r);
    expect(passport).toMatchObject({ state: 'done', events: [], lines: [20, 21] });
    expect(r.nonProtocol.filter((l) => l.line === 20 || l.line === 21).map((l) => l.text)).toEqual([
      expect.stringContaining('Requesting security tokens'),
      expect.stringContaining('Received security tokens'),
    ]);
  });

  it('libpurple, stopped at Passport: the Windows Live ID request and its connection to login.live.com, first and last', () => {
    const r = parseFindingsFixture('../libpurple/real-03-ubuntuforums-pidgin-msnp15-sso-timeout-libpurple.log');
    const [passport] = passportSteps(r);
    expect(passport?.state).toBe('stopped');
    const lines = passport?.lines ?? [];
    expect(lines.length).toBeGreaterThan(1);
    const text = (n: number): string => r.nonProtocol.find((l) => l.line === n)?.text ?? '';
    expect(text(lines[0] ?? 0)).toContain('Starting Windows Live ID authentication');
    expect(text(lines.at(-1) ?? 0)).toContain('Error connecting to login.live.com:443');
  });

  it('a log with no such lines cites none (a bare transcript)', () => {
    const r = parseFindingsFixture('twn-911-ticket.log');
    const steps = passportSteps(r);
    expect(steps.length).toBeGreaterThan(0);
    for (const s of steps) expect(s.lines).toBeUndefined();
  });
});

describe('nonProtocolLineAt', () => {
  it('finds a line by its number, and says null for a line that is a protocol message or past the end', () => {
    const r = parseLog(new Uint8Array(readFileSync(join(process.cwd(), 'public/samples/msnp15-login-911.log'))), {});
    expect(nonProtocolLineAt(r.nonProtocol, 20)?.text).toContain('Requesting security tokens');
    expect(nonProtocolLineAt(r.nonProtocol, 1)?.text).toBe('$ emesene -v');
    expect(nonProtocolLineAt(r.nonProtocol, 19)).toBeNull();
    expect(nonProtocolLineAt(r.nonProtocol, 9999)).toBeNull();
  });
});

describe('a sign-in starts when the log says its connection opened', () => {
  const clock = (h: number, m: number, s: number): number => ((h * 60 + m) * 60 + s) * 1000;

  it('aMSN (corpus 28): the first of 31 attempts starts at its `Connected to` line, 20:28:32, not at its OUT', () => {
    const r = parseFindingsFixture('../amsn/real-28-ubuntuforums-amsn-msnp12-reconnect-loop-twn-hang.log');
    const loop = r.findings.find((f) => f.kind === 'login-retry-loop');
    expect(loop?.narrative).toContain('31 times in a row from 20:28:32 to 20:45:20');
    const first = r.findings.filter((f) => f.kind !== 'login-retry-loop' && f.detail.kind === 'login')[0];
    expect(first?.detail.kind === 'login' && first.detail.attempt.startTime).toBe(clock(20, 28, 32));
    expect(first?.narrative).toContain('Login attempt at 20:28:32.');
  });

  const lines = (...xs: [number, string, NonProtocolLine['reason']][]): NonProtocolLine[] => xs.map(([line, text, reason]) => ({ line, text, reason }));

  it('takes the opening line between the previous message and the first one, not a closing one', () => {
    const np = lines([4, '[10:00:03] < Disconnected >', 'connection-event'], [5, '[10:00:05] < Connected to: x 1863 >', 'connection-event']);
    expect(openingTimeBefore(np, 3, 6, clock(10, 0, 9))).toBe(clock(10, 0, 5));
    // Not before the previous message, not after the first one.
    expect(openingTimeBefore(np, 5, 6, clock(10, 0, 9))).toBeNull();
    expect(openingTimeBefore(np, 0, 5, clock(10, 0, 9))).toBeNull();
  });

  it('over midnight, far ahead, or without a clock: the right day, else nothing', () => {
    const np = lines([1, '[23:59:58] < Connected to: x 1863 >', 'connection-event']);
    // The first message is at 00:00:03 of the next day (times run past 24 h on such a log).
    expect(openingTimeBefore(np, 0, 2, 86_400_000 + clock(0, 0, 3))).toBe(clock(23, 59, 58));
    expect(openingTimeBefore(np, 0, 2, clock(23, 59, 59) + 86_400_000 * 0)).toBe(clock(23, 59, 58));
    expect(openingTimeBefore(lines([1, '[09:00:00] < Connected to: x 1863 >', 'connection-event']), 0, 2, clock(10, 0, 0))).toBeNull();
    expect(openingTimeBefore(lines([1, '< Connected to: x 1863 >', 'connection-event']), 0, 2, clock(10, 0, 0))).toBeNull();
    expect(openingTimeBefore(np, 0, 2, null)).toBeNull();
  });
});
