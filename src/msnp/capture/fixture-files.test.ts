/**
 * The committed capture files (the fixture, its text form, the bundled sample) are what write-capture.ts makes
 * of the scenario: this test fails when they drift, and `WRITE_CAPTURE_FIXTURES=1 npx vitest run
 * src/msnp/capture/fixture-files.test.ts` writes them again.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIO_CONNECTIONS, scenarioSteps } from './capture-scenario';
import { captureToText } from './index';
import { writeCapture } from './write-capture';

const ROOT = join(__dirname, '../../..');
const capture = writeCapture(SCENARIO_CONNECTIONS, scenarioSteps(), { format: 'pcapng' });
const FILES: readonly { path: string; bytes: Uint8Array }[] = [
  { path: 'fixtures/msnp/capture/msnp8-signin-switchboard.pcapng', bytes: capture },
  { path: 'public/samples/msnp8-signin-switchboard.pcapng', bytes: capture },
  { path: 'fixtures/msnp/capture/msnp8-signin-switchboard.log', bytes: captureToText(capture)?.text ?? new Uint8Array(0) },
];

describe('committed capture files', () => {
  for (const f of FILES) {
    it(`${f.path} is what the scenario writes`, () => {
      const path = join(ROOT, f.path);
      if (process.env.WRITE_CAPTURE_FIXTURES === '1') writeFileSync(path, f.bytes);
      expect(existsSync(path)).toBe(true);
      expect(Buffer.from(readFileSync(path)).equals(Buffer.from(f.bytes))).toBe(true);
    });
  }
});
