import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../msnp/parse-log';
import { loadProgressText, SECOND_READ_WHY } from './load-progress-text';

describe('loadProgressText', () => {
  it('reads as bytes done of total, whole percent', () => {
    expect(loadProgressText({ bytesDone: 3 * 2 ** 20, bytesTotal: 12 * 2 ** 20, pass: 'first' })).toEqual({
      percent: 25,
      verb: 'Reading',
      amount: '3.0 MB of 12.0 MB (25 %)',
      why: null,
    });
    expect(loadProgressText({ bytesDone: 0, bytesTotal: 0, pass: 'first' }).percent).toBe(0);
  });

  it('says why the bar went back when a file of two formats is read again', () => {
    const t = loadProgressText({ bytesDone: 512, bytesTotal: 2048, pass: 'again' });
    expect(t).toEqual({ percent: 25, verb: 'Reading again', amount: 'Second read: 512 B of 2.0 KB (25 %)', why: SECOND_READ_WHY });
  });

  it('on the fixture of two logs: the shown percentage only drops where the screen says a second read began', () => {
    const input = new Uint8Array(readFileSync('fixtures/msnp/libpurple/then-amsn-later.log'));
    const shown: { percent: number; why: string | null }[] = [];
    parseLog(input, { progressStep: { bytes: 2048, lines: 16 } }, (p) => shown.push(loadProgressText(p)));
    for (let k = 1; k < shown.length; k++) {
      const [before, now] = [shown[k - 1], shown[k]];
      if (before === undefined || now === undefined || now.percent >= before.percent) continue;
      expect(before.why, `step ${k}`).toBeNull();
      expect(now.why, `step ${k}`).toBe(SECOND_READ_WHY);
    }
    expect(shown.some((s) => s.why !== null)).toBe(true);
    expect(shown.at(-1)?.percent).toBe(100);
  });
});
