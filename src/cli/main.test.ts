/**
 * The built CLI as a user runs it: a real process, real files, real exit codes. Builds src/cli/main.ts once
 * into a temporary folder (the same `vite build --ssr` that `npm run analyze` uses).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'msnp-cli-'));
  execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--ssr', 'src/cli/main.ts', '--outDir', join(dir, 'cli'), '--logLevel', 'error'], { cwd: ROOT, stdio: 'pipe' });
}, 60_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [join(dir, 'cli/main.js'), ...args], { cwd: ROOT, encoding: 'utf8', input: '' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the built CLI', () => {
  it('exits 0 on a real log and prints the report', () => {
    const r = cli('fixtures/msnp/doc/real-27-msnpwiki-qry-chl-540-cs-prefix-doc.log');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Format: .*\(doc\)/m);
    expect(r.stdout).toContain('540 ERR_CHALLENGE_RESPONSE_FAILED: answers QRY 2');
  });

  it('exits 0 on a log full of errors and on a file that is not a log', () => {
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7]));
    expect(cli(junk, '--json').status).toBe(0);
    expect(cli('fixtures/msnp/doc/real-23-hypothetic-sb-cal-217-208-216-printable-doc.log', '--json').status).toBe(0);
  });

  it('reads standard input for -', () => {
    const r = spawnSync('node', [join(dir, 'cli/main.js'), '-', '--json'], { cwd: ROOT, encoding: 'utf8', input: '>>> PNG\n<<< QNG 50\n' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1, input: { fileName: 'stdin', format: 'transcript' } });
  });

  it('exits 1 with a plain message when the file is missing or a directory', () => {
    expect(cli('no/such/file.log')).toEqual({ status: 1, stdout: '', stderr: 'msnp-analyze: cannot read no/such/file.log: no such file\n' });
    expect(cli('fixtures')).toEqual({ status: 1, stdout: '', stderr: 'msnp-analyze: cannot read fixtures: it is a directory, not a file\n' });
  });

  it('exits 2 on a bad command line', () => {
    const r = cli('--format', 'pcap', 'x.log');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--format needs one of');
  });
});
