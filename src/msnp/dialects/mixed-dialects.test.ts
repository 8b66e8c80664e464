/**
 * A file that holds two dialects (two logs pasted one after the other) is read as one of them; the protocol
 * lines of the other must not vanish silently among the non-protocol lines.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../parse-log';

const FILE = join(__dirname, '../../../fixtures/msnp/papyon/mixed-libpurple-first.log');

describe('a libpurple log followed by a papyon log', () => {
  const r = parseLog(new Uint8Array(readFileSync(FILE)), {});

  it('is read as papyon', () => {
    expect(r.detection.dialect).toBe('papyon');
  });

  it('says how many lines look like libpurple protocol lines and how to read them', () => {
    const d = r.diagnostics.filter((x) => x.kind === 'other-dialect-lines');
    expect(d.map((x) => [x.severity, x.line, x.message])).toEqual([
      [
        'warning',
        11,
        '6 lines (from line 11) look like protocol lines of a libpurple (Pidgin) debug log, but the file was read as a papyon / emesene debug log, so they were not read. To read them, choose libpurple as the format (Format selector; CLI: --format libpurple).',
      ],
    ]);
  });

  it('keeps those lines among the non-protocol lines, each saying why', () => {
    const flagged = r.nonProtocol.filter((l) => l.note !== undefined);
    expect(flagged.map((l) => l.line)).toEqual([11, 12, 13, 14, 15, 16]);
    expect(flagged[0]?.note).toBe('looks like a libpurple (Pidgin) debug log protocol line; not read, as the file was read as a papyon / emesene debug log');
    expect(r.nonProtocol.find((l) => l.line === 1)?.note).toBeUndefined();
  });
});
