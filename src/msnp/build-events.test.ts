import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messagesFromLines } from '../test-utils/messages-from-lines';
import { buildEvents } from './build-events';
import { parseLog } from './parse-log';

describe('buildEvents', () => {
  it('fills connection, error, reply links, status and latency on every event', () => {
    const { events, connections } = buildEvents(messagesFromLines(
      '@10:00:00 >>> VER 1 MSNP8 CVR0', '@10:00:01 <<< VER 1 MSNP8', '@10:00:02 >>> CHG 19 FLN 0', '@10:00:04 <<< 201 19',
    ));
    expect(connections.map((c) => `${c.id} ${c.protocol ?? '-'} ${c.eventCount}`)).toEqual(['NS1 MSNP8 4']);
    expect(events.map((e) => [e.connection, e.status, e.replyTo, e.replies, e.latencyMs])).toEqual([
      ['NS1', 'answered', null, [1], 1000],
      ['NS1', 'not-a-command', 0, [], null],
      ['NS1', 'error', null, [3], 2000],
      ['NS1', 'not-a-command', 2, [], null],
    ]);
    expect(events[3]?.error).toEqual({ code: 201, name: 'ERR_INVALID_PARAMETER', class: '2xx', known: true });
  });

  it('keeps an unknown error code as an unknown ErrorRef and flags it', () => {
    const { events, diagnostics } = buildEvents(messagesFromLines('>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '>>> CHG 2 NLN 0', '<<< 299 2'));
    expect(events[3]?.error).toEqual({ code: 299, name: 'unknown error', class: '2xx', known: false });
    expect(events[3]?.replyTo).toBe(2);
    expect(diagnostics.map((d) => d.kind)).toEqual(['unknown-error-code']);
  });

  it('diagnoses mid-session start, unanswered, orphan, duplicate TrId, after-close, unknown verb and payload length', () => {
    const { diagnostics } = buildEvents(messagesFromLines(
      '>>> CAL 5 a@b.com', '<<< 216 3', '>>> CAL 5 c@d.com', '<<< 217 5', '>>> MSG 6 A 5', '... hello!', '>>> ZZZ 7',
      '{NS/1a2b} >>> OUT', '{NS/1a2b} >>> CHG 8 NLN 0',
    ));
    expect(diagnostics.map((d) => `${d.kind}:${d.events.join(',')}`)).toEqual([
      'mid-session-start:0', 'mid-session-start:6', 'unanswered:0', 'unanswered:4', 'payload-length-mismatch:4',
      // The CHG after the OUT (event 7) is told once, as sent after the close, not also as unanswered.
      'unanswered:5', 'unknown-command:5', 'orphan-reply:1', 'duplicate-open-trid:0,2', 'after-close:7',
    ]);
  });

  it('reads the TrId of an MSNP7 LSG (msnp-protocol.md §2: a TrId in 7, none from 8) and pairs it with the SYN', () => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, '../../fixtures/msnp/transcript/msnp7-syn-burst.log')));
    const { events } = parseLog(bytes, {});
    const syn = events.find((e) => e.command === 'SYN' && e.direction === 'client');
    const lsg = events.filter((e) => e.command === 'LSG');
    expect(lsg.map((e) => [e.line, e.trId, e.params, e.replyTo])).toEqual([
      [15, 6, ['65', '1', '2', '0', 'Other%20Contacts', '0'], syn?.id],
      [16, 6, ['65', '2', '2', '1', 'Friends', '0'], syn?.id],
    ]);
    // The LST lines of the same burst, for comparison: TrId 6, paired with the SYN.
    expect(events.filter((e) => e.command === 'LST').every((e) => e.trId === 6 && e.replyTo === syn?.id)).toBe(true);
  });

  it('takes an LSG\'s first token as its TrId without a VER only when it repeats the running SYN burst\'s TrId in the MSNP7 shape', () => {
    // Through the real reader: its tokenizer reads LSG without a TrId (the test DSL would not).
    const lsgOf = (...lines: string[]) =>
      parseLog(new TextEncoder().encode(lines.join('\n')), {}).events.filter((e) => e.command === 'LSG').map((e) => [e.trId, e.params[0]]);
    // No VER in the log: the burst's TrId and the 7-token shape say MSNP7.
    expect(lsgOf('>>> SYN 9 0', '<<< SYN 9 65', '<<< LSG 9 65 1 1 0 Other%20Contacts 0')).toEqual([[9, '65']]);
    // MSNP8: `LSG <group id> <name> 0` has no TrId, even when the group id equals the SYN's TrId.
    expect(lsgOf('>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '>>> SYN 2 0', '<<< SYN 2 65 2 3', '<<< LSG 2 Friends 0')).toEqual([[null, '2']]);
    expect(lsgOf('>>> SYN 2 0', '<<< SYN 2 65 2 3', '<<< LSG 2 Friends 0')).toEqual([[null, '2']]);
  });
});
