import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paramNames } from './param-names';
import { parseLog } from './parse-log';
import type { LogEvent, ParseResult } from './types';

const FIXTURES = join(__dirname, '../../fixtures/msnp');
const load = (path: string): ParseResult => parseLog(new Uint8Array(readFileSync(join(FIXTURES, path))), { fileName: path });

/** Each param of the event on `line`, with its name: `cookie=17262740…`, or `#3=…` where none is known. */
function named(r: ParseResult, line: number): string[] {
  const e = r.events.find((x: LogEvent) => x.line === line);
  if (e === undefined) throw new Error(`no event on line ${line}`);
  const names = paramNames(e.direction, e.command, e.params);
  return e.params.map((p, k) => `${names[k] ?? `#${k + 1}`}=${p}`);
}

describe('paramNames', () => {
  const capture = load('capture/msnp8-signin-switchboard.log');

  it('names the sign-in: CVR, USR by package and stage, the redirect', () => {
    expect(named(capture, 5).slice(4)).toEqual(['client name=MSNMSGR', 'client version=6.2.0208', 'client brand=MSMSGS', 'account=alice@example.com']);
    expect(named(capture, 15)).toEqual(['authentication package=TWN', 'stage (I: initial)=I', 'account=alice@example.com']);
    expect(named(capture, 17)[2]).toMatch(/^ticket=t=53\*/);
    expect(named(capture, 16)[2]).toMatch(/^policy or challenge=lc=1033/);
    expect(named(capture, 8)).toEqual(['kind (NS: a redirect)=NS', 'notification server address=207.46.106.118:1863', 'unused (0)=0', 'current server=207.46.104.20:1863']);
  });

  it('names the switchboard: the grant, its USR, CAL, RINGING, JOI', () => {
    expect(named(capture, 39)).toEqual(['kind (SB: a switchboard)=SB', 'switchboard address=207.46.108.37:1863', 'authentication type=CKI', 'cookie=17262740.1050826919.32308']);
    expect(named(capture, 41)).toEqual(['account=alice@example.com', 'cookie=17262740.1050826919.32308']);
    expect(named(capture, 43)).toEqual(['account to invite=bob@example.com']);
    expect(named(capture, 44)).toEqual(['state=RINGING', 'session id=17262740']);
    expect(named(capture, 45)).toEqual(['account=bob@example.com', 'name=Bob']);
  });

  it('names an invitation (RNG) and leaves unnamed what the shape does not cover', () => {
    const r = load('transcript/payload-commands.log');
    expect(named(r, 1)).toEqual([
      'session id=11752013', 'switchboard address=65.54.228.29:1863', 'authentication type=CKI', 'cookie=849102291.520491113', 'inviting account=bob@example.invalid', 'inviting name=Bob',
    ]);
    // NLN grows with the version past the account: named no further.
    expect(named(r, 7)).toEqual(['status=NLN', 'account=bob@example.invalid', '#3=Bob', '#4=268435456']);
    expect(paramNames('client', 'ZZZ', ['a'])).toEqual([null]);
  });
});
