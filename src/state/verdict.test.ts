import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildVerdict } from '../msnp/findings/verdict';
import { parseLog } from '../msnp/parse-log';
import { getVerdict, primeVerdict } from './verdict';

const RATE = new Uint8Array(readFileSync('public/samples/msnp9-rate-limit-800.log'));

describe('verdict cache', () => {
  test('builds the core verdict for a result on first request', () => {
    const result = parseLog(RATE, {});
    expect(getVerdict(result)).toBe(buildVerdict(result.findings, result.events));
    expect(getVerdict(result)).toContain('rate-limit burst');
  });

  test('a verdict derived elsewhere (the worker) is used as it is', () => {
    const result = parseLog(RATE, {});
    primeVerdict(result, 'from the worker');
    expect(getVerdict(result)).toBe('from the worker');
  });
});
