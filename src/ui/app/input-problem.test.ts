import { describe, expect, it } from 'vitest';
import { parseLog } from '../../msnp/parse-log';
import { inputProblem } from './ExplainScreen';

const parse = (bytes: Uint8Array) => parseLog(bytes, {});
const text = (s: string) => new TextEncoder().encode(s);

describe('inputProblem', () => {
  it('says empty for no bytes and for blank lines only', () => {
    expect(inputProblem(parse(new Uint8Array(0)))).toBe('empty');
    expect(inputProblem(parse(text('\n\n  \n')))).toBe('empty');
  });
  it('says binary for control bytes', () => {
    expect(inputProblem(parse(Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) % 32)))).toBe('binary');
  });
  it('says not-msnp for prose', () => {
    expect(inputProblem(parse(text('Dear diary,\ntoday nothing happened.\n')))).toBe('not-msnp');
  });
  it('has no problem with a log', () => {
    expect(inputProblem(parse(text('>>> VER 1 MSNP12 CVR0\n<<< VER 1 MSNP12\n')))).toBeNull();
  });
});
