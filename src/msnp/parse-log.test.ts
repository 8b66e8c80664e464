import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLineCoverage } from './coverage';
import { dump } from './dump';
import { parseLog, withAccount } from './parse-log';
import { toConnectionId, toEventId, type Connection, type DialectId, type ParseResult } from './types';

const ROOT = join(__dirname, '../../fixtures/msnp');
const DIALECT_DIRS: readonly DialectId[] = ['transcript', 'doc', 'libpurple', 'papyon', 'amsn', 'escargot', 'miranda', 'capture'];

function fixtures(): { dialect: DialectId; file: string }[] {
  return DIALECT_DIRS.flatMap((dialect) =>
    readdirSync(join(ROOT, dialect))
      .filter((f) => f.endsWith('.log'))
      .sort()
      .map((file) => ({ dialect, file })),
  );
}

/** The result without its file name, and without the column tables (two parses never share those objects). */
const withoutName = (r: ParseResult): ParseResult => {
  const { tables, ...rest } = r;
  void tables;
  return { ...rest, input: { ...r.input, fileName: null } };
};

describe('every fixture log', () => {
  for (const { dialect, file } of fixtures()) {
    describe(`${dialect}/${file}`, () => {
      const bytes = new Uint8Array(readFileSync(join(ROOT, dialect, file)));
      const result = parseLog(bytes, { fileName: file });

      it('is detected as its dialect', () => {
        expect(result.detection.dialect).toBe(dialect);
      });

      it('accounts for every line exactly once', () => {
        expect(checkLineCoverage(result)).toEqual({ missing: [], duplicated: [] });
      });

      it('gives the same result without a file name', () => {
        expect(withoutName(parseLog(bytes, {}))).toEqual(withoutName(result));
      });

      it('dumps as its snapshot', async () => {
        await expect(dump(result)).toMatchFileSnapshot(`__snapshots__/${dialect}/${file.replace(/\.log$/, '.dump.txt')}`);
      });
    });
  }
});

describe('withAccount', () => {
  // Required<Connection>: a field added to Connection must be added here, and then withAccount must keep it.
  const every: Required<Connection> = {
    id: toConnectionId('SB7'), kind: 'SB', sourceName: 'SB/5e01', protocol: 'MSNP15', protocolVersion: 15, firstEvent: toEventId(3),
    lastEvent: toEventId(9), eventCount: 4, inferredFrom: 'log', versionRefused: true, account: 'old@example.invalid',
  };

  it('keeps every field of the connection and sets the account', () => {
    expect(withAccount(every, 'dave@example.invalid')).toEqual({ ...every, account: 'dave@example.invalid' });
    const { versionRefused: _, account: __, ...plain } = every;
    const named = withAccount(plain, 'dave@example.invalid');
    expect(named).toEqual({ ...plain, account: 'dave@example.invalid' });
    expect('versionRefused' in named).toBe(false);
  });
});
