import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DialectId, ParseResult } from '../msnp/types';
import { toAnalysisDocument, type AnalysisDocument, type DocExtras } from './analysis-document';
import { CORE_PIPELINE } from './pipeline';
import { EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, runCli, type CliIo } from './run-cli';
import { validateJson, type Json } from './schema-check';

const FIXTURES = join(__dirname, '../../fixtures/msnp');
const SCHEMA = JSON.parse(readFileSync(join(__dirname, '../../docs/analysis.schema.json'), 'utf8')) as Json;
const DIALECT_DIRS: readonly DialectId[] = ['transcript', 'doc', 'libpurple', 'papyon', 'amsn', 'escargot', 'miranda', 'capture'];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI on in-memory files (`files[path]`); a missing path fails like the file system does. */
function run(argv: readonly string[], files: Readonly<Record<string, Uint8Array | NodeJS.ErrnoException>>): Run {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    readFile: (path) => {
      const f = files[path];
      if (f === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      if (f instanceof Error) throw f;
      return f;
    },
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  };
  const code = runCli(argv, io, CORE_PIPELINE);
  return { code, stdout, stderr };
}

function fixtureLogs(): { dialect: DialectId; name: string; bytes: Uint8Array }[] {
  return DIALECT_DIRS.flatMap((dialect) => {
    let names: string[] = [];
    try {
      names = readdirSync(join(FIXTURES, dialect)).filter((f) => /\.(?:log|pcap|pcapng)$/.test(f)).sort();
    } catch {
      return [];
    }
    return names.map((name) => ({ dialect, name, bytes: new Uint8Array(readFileSync(join(FIXTURES, dialect, name))) }));
  });
}

const extrasFor = (r: ParseResult): DocExtras => ({
  explain: (e) => CORE_PIPELINE.explain(e, r),
  verdict: CORE_PIPELINE.verdict(r),
});

const logs = fixtureLogs();

describe('the CLI on every fixture log (including the shared real logs, real-*.log)', () => {
  it('has the shared real logs to run on', () => {
    expect(logs.filter((l) => l.name.startsWith('real-')).length).toBeGreaterThanOrEqual(8);
  });

  for (const { dialect, name, bytes } of logs) {
    describe(`${dialect}/${name}`, () => {
      const result = CORE_PIPELINE.parse(bytes, { fileName: name });
      const text = run([name], { [name]: bytes });
      const json = run([name, '--json'], { [name]: bytes });
      const doc = JSON.parse(json.stdout) as AnalysisDocument;

      it('exits 0 and reports the detected format, the connections and every error with its line', () => {
        expect(text.code).toBe(EXIT_OK);
        expect(text.stderr).toBe('');
        expect(text.stdout).toMatch(new RegExp(`^Format: .*\\(${dialect}\\), confidence \\d+%`, 'm'));
        for (const c of result.connections) expect(text.stdout).toMatch(new RegExp(`^  ${c.id} +${c.kind} `, 'm'));
        for (const e of result.events.filter((ev) => ev.error !== null).slice(0, 50)) {
          expect(text.stdout).toContain(`line ${String(e.line).padEnd(6)} ${e.connection.padEnd(5)} ${e.command} ${e.error?.name ?? ''}`);
        }
        expect(text.stdout).toContain(`Unanswered commands (${result.stats.unanswered})`);
      });

      it('prints JSON that follows docs/analysis.schema.json', () => {
        expect(json.code).toBe(EXIT_OK);
        expect(validateJson(doc as unknown as Json, SCHEMA)).toEqual([]);
      });

      it('streams exactly the documented projection of the result', () => {
        expect(doc).toEqual(JSON.parse(JSON.stringify(toAnalysisDocument(result, extrasFor(result)))));
        expect(doc.input).toMatchObject({ format: dialect, lines: result.input.lines, forced: false });
        // A capture's `bytes` are those of the text it became; the file's own size is in `capture`.
        expect(doc.input.capture?.fileBytes ?? doc.input.bytes).toBe(bytes.length);
        expect(doc.events).toHaveLength(result.events.length);
        expect(doc.nonProtocolLines).toBe(result.nonProtocol.length);
        expect(doc.nonProtocolLines).toBeLessThanOrEqual(doc.input.lines); // several messages may share a line
      });

      it('links replies to commands on the same connection, and counts errors consistently', () => {
        for (const e of doc.events) {
          if (e.replyTo === undefined) continue;
          const cmd = doc.events[e.replyTo];
          expect(cmd?.connection).toBe(e.connection);
          expect(cmd?.direction).toBe('client');
          expect(cmd?.line).toBeLessThanOrEqual(e.line);
        }
        const errors = doc.events.filter((e) => e.error !== undefined);
        expect(Object.values(doc.stats.errorsByCode).reduce((a, b) => a + b, 0)).toBe(errors.length);
        for (const e of errors) expect(e.explanation ?? '').not.toBe('');
      });
    });
  }
});

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('the CLI on edge cases', () => {
  it('explains an error on the last line of the first of two logs in a file as the end of that log, not a hang-up', () => {
    const name = 'error-end-of-first-log.log';
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'findings', name)));
    const text = run([name], { [name]: bytes });
    const entry = text.stdout.slice(text.stdout.indexOf('  line 12     NS1   500 ERR_INTERNAL_SERVER: answers PRP 6 (line 11)'));
    expect(entry).toMatch(/^ {2}line 12 .*\n {6}Internal server error in answer to PRP 6 .*The log ends here, so it does not show whether the server hung up/);
    expect(text.stdout).not.toContain('the log goes on');
    const doc = JSON.parse(run([name, '--json'], { [name]: bytes }).stdout) as AnalysisDocument;
    const error = doc.events.find((e) => e.line === 12);
    expect(error?.explanation).toMatch(/The log ends here/);
  });

  it('lists the logs of a file that holds two, with or without the events, and none for a file of one', () => {
    const name = 'error-end-of-first-log.log';
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'findings', name)));
    const doc = JSON.parse(run([name, '--json'], { [name]: bytes }).stdout) as AnalysisDocument;
    const second = doc.events.find((e) => e.line === 17);
    expect(doc.logs).toEqual([
      { firstEvent: 0, lastEvent: (second?.id ?? 0) - 1, firstLine: 1 },
      { firstEvent: second?.id, lastEvent: doc.events.length - 1, firstLine: 17 },
    ]);
    expect(validateJson(doc as unknown as Json, SCHEMA)).toEqual([]);
    const lean = JSON.parse(run([name, '--json', '--no-events'], { [name]: bytes }).stdout) as AnalysisDocument;
    expect(lean.logs).toEqual(doc.logs);
    const one = JSON.parse(run(['x.log', '--json'], { 'x.log': enc('>>> VER 1 MSNP8 CVR0\n<<< VER 1 MSNP8\n') }).stdout) as AnalysisDocument;
    expect(one).not.toHaveProperty('logs');
  });

  it('reads a file as the dialect --format names, and says so', () => {
    const log = enc('>>> VER 1 MSNP8 CVR0\n<<< VER 1 MSNP8\n');
    const forced = JSON.parse(run(['x.log', '--json', '--format', 'libpurple'], { 'x.log': log }).stdout) as AnalysisDocument;
    expect(forced.input).toMatchObject({ format: 'libpurple', forced: true });
    const detected = JSON.parse(run(['x.log', '--json'], { 'x.log': log }).stdout) as AnalysisDocument;
    expect(detected.input).toMatchObject({ format: 'transcript', forced: false });
    expect(detected.connections.map((c) => c.protocolVersion)).toContain(8);
  });

  it.each([
    ['an empty file', new Uint8Array(0)],
    ['binary bytes', new Uint8Array(4096).map((_, i) => (i * 7) % 32)],
    ['prose', enc('Dear diary,\nthe messenger did not work today.\n')],
  ])('exits 0 on %s and still prints a valid document', (_label, bytes) => {
    const text = run(['f'], { f: bytes });
    expect(text.code).toBe(EXIT_OK);
    expect(text.stdout).toMatch(/^Format: not recognised\./m);
    const json = run(['f', '--json'], { f: bytes });
    const doc = JSON.parse(json.stdout) as Json;
    expect(validateJson(doc, SCHEMA)).toEqual([]);
    expect(doc).toMatchObject({ input: { format: null }, events: [] });
  });

  it.each([
    ['ENOENT', 'no such file'],
    ['EISDIR', 'it is a directory, not a file'],
    ['EACCES', 'permission denied'],
  ])('exits 1 with a plain message and no output when the file cannot be read (%s)', (code, words) => {
    const err = Object.assign(new Error(`${code}: failed`), { code });
    const r = run(['logs/x.log', '--json'], { 'logs/x.log': err });
    expect(r).toEqual({ code: EXIT_UNREADABLE, stdout: '', stderr: `msnp-analyze: cannot read logs/x.log: ${words}\n` });
  });

  it('exits 2 on a bad command line and 0 on --help', () => {
    expect(run(['--format', 'nope', 'x'], {}).code).toBe(EXIT_USAGE);
    const help = run(['--help'], {});
    expect(help.code).toBe(EXIT_OK);
    expect(help.stdout).toContain('Usage: npm run analyze -- FILE');
  });

  it('counts the other lines as the app does: blank lines apart', () => {
    const log = enc('hello, here is my log:\n\n>>> VER 1 MSNP8 CVR0\n\n<<< VER 1 MSNP8\n\n\nthanks\n');
    expect(run(['x'], { x: log }).stdout).toContain('2 other lines kept as non-protocol, besides 4 blank lines');
    const noBlank = enc('hi\n>>> VER 1 MSNP8 CVR0\n<<< VER 1 MSNP8\n');
    expect(run(['x'], { x: noBlank }).stdout).toMatch(/; 1 other line kept as non-protocol\n/);
  });

  it('cuts long lists at --limit and says how many it left out', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `>>> CAL ${i + 2} nobody${i}@example.invalid\n<<< 217 ${i + 2}\n`);
    const log = enc(`>>> USR 1 me@example.invalid 1.2.3\n<<< USR 1 OK me@example.invalid Me\n${lines.join('')}`);
    const short = run(['x', '--limit', '5'], { x: log }).stdout;
    expect(short).toContain('Errors (12):');
    expect(short).toContain('… and 7 more (use --limit 0 to list all)');
    const all = run(['x', '--limit', '0'], { x: log }).stdout;
    expect(all).not.toContain('… and');
    expect(all.match(/ 217 ERR_NOT_ONLINE: answers CAL/g)).toHaveLength(12);
  });
});

describe('the CLI on a server log with many accounts', () => {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'findings/server-many-accounts.log')));

  it('prints one entry per headline, naming each account once', () => {
    const r = run(['server.log'], { 'server.log': bytes });
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toContain('Findings (9, in 2 rows):');
    expect(r.stdout).toContain('  [error] Login failed at the ticket step (911) (MSNP15, SSO) (6 times, 5 accounts)');
    expect(r.stdout).toContain('      Whose: dave@example.invalid; erin@example.invalid; frank@example.invalid; heidi@example.invalid ×2; grace@example.invalid');
    expect(r.stdout).toContain('  [note] Signed in (MSNP15, SSO) (3 accounts)');
    // Rolled, not listed one by one.
    expect(r.stdout).not.toContain('] dave@example.invalid: Login failed');
    // One line per account, the refused ones first.
    expect(r.stdout).toContain('Accounts (8), those in trouble first:\n  heidi@example.invalid  2 sign-ins: 0 signed in, 2 failed (last: Login failed at the ticket step (911)); errors 911 ×2; 2 connections');
    expect(r.stdout).toContain('  carol@example.invalid  1 sign-in: 1 signed in, 0 failed (last: Signed in); 1 connection\n');
  });

  it('keeps every finding in the JSON, each with its account', () => {
    const doc = JSON.parse(run(['server.log', '--json'], { 'server.log': bytes }).stdout) as AnalysisDocument;
    expect(doc.findings).toHaveLength(9);
    expect(doc.findings.map((f) => f.subject)).toEqual(
      ['dave', 'erin', 'frank', 'heidi', 'grace', 'heidi', 'alice', 'bob', 'carol'].map((a) => `${a}@example.invalid`),
    );
    // The stream is exactly the document, accounts included.
    const result = CORE_PIPELINE.parse(bytes, { fileName: 'server.log' });
    expect(doc).toEqual(JSON.parse(JSON.stringify(toAnalysisDocument(result, extrasFor(result)))));
    // One entry per account, the refused ones first.
    expect(doc.accounts?.map((a) => `${a.account} ${a.failed}`).slice(0, 2)).toEqual(['heidi@example.invalid 2', 'dave@example.invalid 1']);
    expect(doc.accounts?.[0]).toEqual({
      account: 'heidi@example.invalid', connections: ['NS6', 'NS9'], signIns: 2, signedIn: 0, failed: 2,
      lastSignIn: 'Login failed at the ticket step (911)', lastSignInTime: null, errors: [{ code: 911, count: 2 }], bursts: 0,
    });
    // Each sign-in is on its own connection, which names its account.
    expect(doc.connections.map((c) => c.account)).toEqual(
      ['alice', 'dave', 'bob', 'erin', 'frank', 'heidi', 'carol', 'grace', 'heidi'].map((a) => `${a}@example.invalid`),
    );
    expect(validateJson(doc as unknown as Json, SCHEMA)).toEqual([]);
  });

  it("says when each account's last sign-in ended, on a log with times", () => {
    const timed = new Uint8Array(readFileSync(join(FIXTURES, 'findings/server-timed-accounts.log')));
    const r = run(['timed.log'], { 'timed.log': timed });
    expect(r.stdout).toContain('alice@example.invalid  2 sign-ins: 1 signed in, 1 failed (last: Login failed at the ticket step (911) at 10:01:20);');
    const doc = JSON.parse(run(['timed.log', '--json'], { 'timed.log': timed }).stdout) as AnalysisDocument;
    expect(doc.accounts?.map((a) => a.lastSignInTime)).toEqual([(10 * 3600 + 80) * 1000, (10 * 3600 + 15) * 1000]);
    expect(validateJson(doc as unknown as Json, SCHEMA)).toEqual([]);
  });

  it('leaves the events out with --no-events, and keeps everything else as it was', () => {
    const full = JSON.parse(run(['server.log', '--json'], { 'server.log': bytes }).stdout) as AnalysisDocument;
    const lean = JSON.parse(run(['server.log', '--json', '--no-events'], { 'server.log': bytes }).stdout) as AnalysisDocument;
    expect(full.events.length).toBeGreaterThan(0);
    expect(full.eventsOmitted).toBeUndefined();
    expect(lean.events).toEqual([]);
    expect(lean.eventsOmitted).toBe(true);
    expect({ ...lean, events: full.events, eventsOmitted: undefined }).toEqual({ ...full, eventsOmitted: undefined });
    expect(validateJson(lean as unknown as Json, SCHEMA)).toEqual([]);
  });
});

describe('the CLI on a packet capture', () => {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'capture/msnp8-signin-switchboard.pcapng')));

  it('says what the capture held and reads its MSNP connections', () => {
    const r = run(['signin.pcapng'], { 'signin.pcapng': bytes });
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toContain(`from a pcapng packet capture of ${bytes.length.toLocaleString('en-US')} bytes: 48 packets, 3 MSNP connections; left out: 1 other TCP connection (not MSNP), 1 packet with no TCP`);
    expect(r.stdout).toMatch(/SB1 +SB .*"tcp3" in the log/);
    expect(r.stdout).toContain('713 ERR_CALLING_TOO_RAPIDLY: answers CAL 5');
  });

  it('puts the capture in the JSON input', () => {
    const r = run(['signin.pcapng', '--json'], { 'signin.pcapng': bytes });
    const doc = JSON.parse(r.stdout) as AnalysisDocument;
    expect(doc.input.format).toBe('capture');
    expect(doc.input.capture).toEqual({ format: 'pcapng', fileBytes: bytes.length, packets: 48, msnpConnections: 3, gatewaySessions: 0, otherConnections: 1, otherPackets: 1, damage: null });
    expect(validateJson(doc as unknown as Json, SCHEMA)).toEqual([]);
  });
});
