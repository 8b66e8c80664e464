import { describe, expect, it } from 'vitest';
import { generateLogText } from '../../../bench/generate-log.mjs';
import { parseFindingsFixture } from '../../test-utils/findings-fixtures';
import { parseLog } from '../parse-log';

describe('the account on each connection', () => {
  it("a server log: each sign-in's connection and each switchboard names its account", () => {
    const r = parseFindingsFixture('server-bursts.log');
    expect(r.connections.map((c) => `${c.id} ${c.account ?? '-'}`)).toEqual([
      'NS1 alice@example.invalid',
      'NS2 bob@example.invalid',
      'NS3 carol@example.invalid',
      'NS4 dave@example.invalid',
      'SB1 dave@example.invalid',
    ]);
  });

  it("a client's own log names none", () => {
    const r = parseFindingsFixture('seed-713-cal.log');
    expect(r.connections.length).toBeGreaterThan(0);
    expect(r.connections.every((c) => c.account === undefined)).toBe(true);
  });

  it("a client's log of several accounts names the sign-in connections, not its switchboards", () => {
    const { text } = generateLogText({ bytes: 400_000, form: 'transcript', seed: 7 });
    const r = parseLog(new TextEncoder().encode(text), {});
    const named = r.connections.filter((c) => c.account !== undefined);
    expect(new Set(named.map((c) => c.account)).size).toBeGreaterThan(1);
    expect(named.every((c) => c.kind !== 'SB')).toBe(true);
    expect(r.connections.some((c) => c.kind === 'SB')).toBe(true);
  });
});
