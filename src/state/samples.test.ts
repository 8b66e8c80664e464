import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fingerprintBytes } from '../worker/fingerprint';
import { SAMPLE_LOGS, sampleByFingerprint } from './samples';

describe('bundled samples', () => {
  it("each one's fingerprint is that of its file, as the worker computes it for a view link", () => {
    for (const s of SAMPLE_LOGS) {
      expect(s.fingerprint, s.file).toBe(fingerprintBytes(new Uint8Array(readFileSync(`public/samples/${s.file}`))));
    }
    expect(new Set(SAMPLE_LOGS.map((s) => s.fingerprint)).size).toBe(SAMPLE_LOGS.length);
  });

  it('a link whose log is a sample finds the sample; any other log finds none', () => {
    expect(sampleByFingerprint('078a3ab1')?.id).toBe('offline-contact');
    expect(sampleByFingerprint('00000000')).toBeNull();
    expect(sampleByFingerprint(null)).toBeNull();
  });
});
