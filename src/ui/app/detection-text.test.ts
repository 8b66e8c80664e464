import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../msnp/parse-log';
import { detectedCandidate, detectedDialect } from './detection-text';

const sample911 = new Uint8Array(readFileSync('public/samples/msnp15-login-911.log'));
const text = (s: string) => new TextEncoder().encode(s);

describe('detectedDialect', () => {
  it('names the detected format, also while another format is forced', () => {
    expect(detectedDialect(parseLog(sample911, {}).detection)).toBe('papyon');
    const forced = parseLog(sample911, { dialect: 'escargot' });
    expect(forced.detection.forced).toBe(true);
    expect(forced.detection.dialect).toBe('escargot');
    expect(detectedDialect(forced.detection)).toBe('papyon');
    expect(detectedCandidate(forced.detection)?.matched).toBeGreaterThan(0);
  });

  it('is null when no format matches a line', () => {
    expect(detectedDialect(parseLog(text('Dear diary,\nnothing here.\n'), {}).detection)).toBeNull();
    expect(detectedDialect(parseLog(text('Dear diary,\nnothing here.\n'), { dialect: 'amsn' }).detection)).toBeNull();
  });
});
