import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../msnp/parse-log';
import { ANALYSING_DOING, loadProgressText, SECOND_READ_WHY } from './load-progress-text';

describe('loadProgressText', () => {
  it('reads as bytes done of total, whole percent', () => {
    expect(loadProgressText({ bytesDone: 3 * 2 ** 20, bytesTotal: 12 * 2 ** 20, events: 1200, pass: 'first', stage: 'reading' })).toEqual({
      percent: 25,
      verb: 'Reading',
      amount: '3.0 MB of 12.0 MB (25 %)',
      messages: '1,200 messages so far',
      why: null,
      doing: null,
    });
    expect(loadProgressText({ bytesDone: 0, bytesTotal: 0, events: 0, pass: 'first', stage: 'reading' }).percent).toBe(0);
  });

  it('says why the bar went back when a file of two formats is read again', () => {
    const t = loadProgressText({ bytesDone: 512, bytesTotal: 2048, events: 1, pass: 'again', stage: 'reading' });
    expect(t).toEqual({ percent: 25, verb: 'Reading again', amount: 'Second read: 512 B of 2.0 KB (25 %)', messages: '1 message so far', why: SECOND_READ_WHY, doing: null });
  });

  it('once the reads are over, says the log is being analysed, with all the messages read', () => {
    const t = loadProgressText({ bytesDone: 12 * 2 ** 20, bytesTotal: 12 * 2 ** 20, events: 90210, pass: 'first', stage: 'analysing' });
    expect(t).toEqual({ percent: 100, verb: 'Analysing', amount: '12.0 MB of 12.0 MB (100 %)', messages: '90,210 messages read', why: null, doing: ANALYSING_DOING });
    // After a second read the bar is full again: nothing left to explain about it going back.
    const again = loadProgressText({ bytesDone: 2048, bytesTotal: 2048, events: 3, pass: 'again', stage: 'analysing' });
    expect(again).toMatchObject({ verb: 'Analysing', amount: 'Second read: 2.0 KB of 2.0 KB (100 %)', why: null, doing: ANALYSING_DOING });
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

  it('on a fixture: the screen says analysis only after the last read, and ends on it', () => {
    const input = new Uint8Array(readFileSync('fixtures/msnp/libpurple/then-amsn-later.log'));
    const doing: (string | null)[] = [];
    parseLog(input, { progressStep: { bytes: 2048, lines: 16 } }, (p) => doing.push(loadProgressText(p).doing));
    const start = doing.indexOf(ANALYSING_DOING);
    expect(start).toBeGreaterThan(5);
    expect(doing.slice(0, start).every((d) => d === null)).toBe(true);
    expect(doing.slice(start)).toEqual([ANALYSING_DOING, ANALYSING_DOING]);
  });
});
