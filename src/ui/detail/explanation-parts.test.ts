import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { messagesFromLines } from '../../test-utils/messages-from-lines';
import { buildEvents } from '../../msnp/build-events';
import { explainEvent, type Explanation } from '../../msnp/explain';
import { parseLog } from '../../msnp/parse-log';
import { toEventId } from '../../msnp/types';
import { explanationParts } from './explanation-parts';

function explainLine(path: string, line: number): Explanation {
  const result = parseLog(new Uint8Array(readFileSync(path)), {});
  const event = result.events.find((e) => e.line === line);
  const ex = event === undefined ? null : explainEvent(result, event.id);
  if (ex === null) throw new Error(`no error at line ${line} of ${path}`);
  return ex;
}

function explainLast(...lines: string[]): Explanation {
  const built = buildEvents(messagesFromLines(...lines));
  const ex = explainEvent(built, toEventId(built.events.length - 1));
  if (ex === null) throw new Error('no explanation');
  return ex;
}

describe('explanationParts', () => {
  it('an error on the last line of the first of two logs in a file: the pane says that log ends there, not that the server hung up', () => {
    const ex = explainLine('fixtures/msnp/findings/error-end-of-first-log.log', 12);
    const parts = explanationParts(ex);
    expect(parts.answer).toMatch(/The log ends here, so it does not show whether the server hung up/);
    expect(parts.answer).not.toMatch(/the log goes on/);
    expect(parts.closes).toBeNull();
  });

  it('217 in the sample: the sentence about this CAL leads, the catalog meaning that restates it is collapsed', () => {
    const ex = explainLine('public/samples/msnp12-cal-offline-713.log', 33);
    const parts = explanationParts(ex);
    expect(parts.answer).toBe(ex.inContext);
    expect(parts.answer).toMatch(/^frank\.t@hotmail\.com cannot be invited/);
    expect(parts.general).toEqual({ kind: 'collapsed', label: 'Code 217 in general', text: ex.meaning });
  });

  it('a code without a rule (500 to SYN): the answer only names the title, so the general meaning is shown', () => {
    const ex = explainLast('>>> SYN 5 0', '<<< 500 5');
    const parts = explanationParts(ex);
    expect(parts.answer).toMatch(/^Internal server error in answer to SYN 5/i);
    expect(parts.general).toEqual({ kind: 'shown', label: 'Code 500 in general', text: ex.meaning });
  });

  it('a reply whose command is not in the log: the general meaning is shown', () => {
    const parts = explanationParts(explainLast('<<< 500 9'));
    expect(parts.answer).toMatch(/TrId 9 is not in the log/);
    expect(parts.general.kind).toBe('shown');
  });

  it('the hang-up is said once: 540 and the fallback for 731 say it in the answer, so no separate line', () => {
    const challenge = explainLast('>>> QRY 2 msmsgs@msnmsgr.com 32', '<<< 540 2');
    expect(challenge.closesConnection).toBe(true);
    expect(explanationParts(challenge).closes).toBeNull();
    const cvr = explainLast('>>> CVR 2 0x0409 winnt', '<<< 731 2');
    expect(cvr.closesConnection).toBe(true);
    expect(explanationParts(cvr).closes).toBeNull();
  });

  it('a closing code whose answer does not mention the hang-up keeps the line', () => {
    const ex: Explanation = { ...explainLine('public/samples/msnp12-cal-offline-713.log', 33), closesConnection: true };
    expect(explanationParts(ex).closes).toBe('The server closes the connection after this error.');
  });
});
