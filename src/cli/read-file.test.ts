import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileBytes } from './read-file';

const dir = mkdtempSync(join(tmpdir(), 'read-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes that differ at every position, so a piece copied to the wrong offset shows. */
function patterned(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >>> 8)) & 0xff;
  return b;
}

describe('readFileBytes', () => {
  it('reads a fixture log byte for byte as readFileSync does', () => {
    const path = join(__dirname, '../../fixtures/msnp/libpurple/then-amsn-later.log');
    expect(readFileBytes(path)).toEqual(new Uint8Array(readFileSync(path)));
  });

  it.each([0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 12345])('reads a file of %i bytes whole, across its staging pieces', (n) => {
    const path = join(dir, `f${n}.bin`);
    const bytes = patterned(n);
    writeFileSync(path, bytes);
    const got = readFileBytes(path);
    expect(got.length).toBe(n);
    expect(Buffer.compare(Buffer.from(got), Buffer.from(bytes))).toBe(0);
  });

  it('throws for a file that does not exist, as the CLI expects of an unreadable file', () => {
    expect(() => readFileBytes(join(dir, 'missing.log'))).toThrow(/ENOENT/);
  });

  it('reads a directory the way readFileSync fails on it', () => {
    expect(() => readFileBytes(dir)).toThrow(/EISDIR/);
  });
});
