import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFindingsFixture } from '../../test-utils/findings-fixtures';
import { parseLog } from '../parse-log';
import { nonProtocolLineAt } from './client-lines';
import type { LoginStep, ParseResult } from '../types';

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

