import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEvents } from './build-events';
import { decodeBytes } from './decode';
import { detectDialect } from './dialects/index';
import { readInput } from './dialects/reader';
import { headLines, parseLog } from './parse-log';

const ROOT = join(__dirname, '../../fixtures/msnp');

/** parseLog streams each message into the event builder; reading everything first must give the same events. */
describe('streaming the reader into the event builder', () => {
  it.each([
    'libpurple/real-03-ubuntuforums-pidgin-msnp15-sso-timeout-libpurple.log',
    'amsn/real-28-ubuntuforums-amsn-msnp12-reconnect-loop-twn-hang.log',
    'papyon/real-11-emesene510-papyon-msnp18-sso-xfr-ns.log',
    'doc/real-23-hypothetic-sb-cal-217-208-216-printable-doc.log',
    'findings/seed-713-cal.log',
  ])('%s', (path) => {
    const bytes = new Uint8Array(readFileSync(join(ROOT, path)));
    const decoded = decodeBytes(bytes);
    const dialect = detectDialect(headLines(decoded)).dialect;
    if (dialect === null) throw new Error('no dialect');
    const read = dialect.read(readInput(decoded.source));
    expect(read.messages.length).toBeGreaterThan(0);
    const whole = buildEvents(read.messages, decoded.source);
    const streamed = parseLog(bytes, {});
    expect(streamed.events).toEqual(whole.events);
    expect(streamed.connections).toEqual(whole.connections);
  });
});
