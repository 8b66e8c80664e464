import { describe, expect, it } from 'vitest';
import { messagesFromLines } from '../test-utils/messages-from-lines';
import { assignConnections } from './connections';
import { pairTransactions } from './pair';

function pair(...lines: string[]) {
  const messages = messagesFromLines(...lines);
  const { connOf, connections } = assignConnections(messages);
  return pairTransactions(messages, connOf, connections.length);
}
const replyTo = (p: ReturnType<typeof pair>): number[] => [...p.replyTo];

describe('pairTransactions', () => {
  it('pairs each reply of a reused TrId with the CAL just before it (the seed 713 example)', () => {
    const lines: string[] = [];
    for (let k = 0; k < 6; k++) lines.push('>>> CAL 5 blocking_you@passport.com', k < 5 ? '<<< 216 5' : '<<< 713 5');
    const p = pair(...lines);
    expect(replyTo(p)).toEqual([-1, 0, -1, 2, -1, 4, -1, 6, -1, 8, -1, 10]);
    expect(p.status.filter((_, i) => i % 2 === 0)).toEqual(Array(6).fill('error'));
    expect(p.duplicates).toEqual([]);
    expect(p.orphans).toEqual([]);
  });

  it('pairs with the latest open command when a TrId is reused while open, and flags it', () => {
    const p = pair('>>> CAL 5 a@b.com', '>>> CAL 5 c@d.com', '<<< 217 5', '<<< 217 5');
    expect(replyTo(p)).toEqual([-1, -1, 1, 0]);
    expect(p.duplicates).toEqual([[0, 1]]);
  });

  it('collects IRO rows and closes ANS at ANS OK', () => {
    const p = pair('>>> ANS 1 me@b.com 849102291.520491932 11752098', '<<< IRO 1 1 2 a@b.com A', '<<< IRO 1 2 2 c@d.com C', '<<< ANS 1 OK');
    expect(p.replies[0]).toEqual([1, 2, 3]);
    expect(p.status[0]).toBe('answered');
  });

  it('joins the ILN burst to the first CHG, and keeps async presence out of it', () => {
    const p = pair('>>> CHG 9 NLN 0', '<<< CHG 9 NLN 0', '<<< ILN 9 NLN a@b.com A', '<<< NLN NLN c@d.com C', '<<< ILN 9 AWY e@f.com E');
    expect(p.replies[0]).toEqual([1, 2, 4]);
    expect(p.replyTo[3]).toBe(-1);
    expect(p.orphans).toEqual([]);
  });

  it('joins TrId-less MSNP8 sync lines to the SYN', () => {
    const p = pair('>>> SYN 5 0', '<<< SYN 5 12 2 1', '<<< GTC A', '<<< BLP AL', '<<< LSG 0 Other', '<<< LST a@b.com A 11 0', '<<< NLN NLN a@b.com A', '<<< LST x@y.com X 11 0');
    expect(p.replies[0]).toEqual([1, 2, 3, 4, 5]);
    expect(p.replyTo[7]).toBe(-1);
  });

  it('treats MSG ack types: U expects nothing, N only a NAK, A an ACK, D may get 282', () => {
    const p = pair('>>> MSG 2 U 10', '>>> MSG 3 N 10', '>>> MSG 4 A 10', '>>> MSG 5 D 10', '<<< ACK 4', '<<< 282 5');
    expect(p.status.slice(0, 4)).toEqual(['no-reply-expected', 'no-reply-expected', 'answered', 'error']);
    expect(replyTo(p).slice(4)).toEqual([2, 3]);
  });

  it('pairs QNG with PNG in FIFO order; a QNG with no PNG is an orphan', () => {
    const p = pair('>>> PNG', '>>> PNG', '<<< QNG 50', '<<< QNG 50', '<<< QNG 50');
    expect(replyTo(p)).toEqual([-1, -1, 0, 1, -1]);
    expect(p.orphans).toEqual([4]);
  });

  it('never lets an unsolicited TrId-0 line close a command, yet pairs a client TrId 0 (papyon VER 0)', () => {
    const p = pair('<<< CHL 0 15570131571988941333', '>>> QRY 10 msmsgs@msnmsgr.com 32', '<<< 540 10', '>>> VER 0 MSNP18', '<<< GCF 0 100', '<<< VER 0 MSNP18');
    expect(replyTo(p)).toEqual([-1, -1, 1, -1, -1, 3]);
    expect(p.status[1]).toBe('error');
    expect(p.orphans).toEqual([]);
  });

  it('reports replies whose command is not in the log as orphans and leaves commands unanswered', () => {
    const p = pair('<<< 216 5', '>>> CAL 6 a@b.com', '<<< NLN NLN a@b.com A');
    expect(p.orphans).toEqual([0]);
    expect(p.status[1]).toBe('unanswered');
  });

  it('keeps TrId spaces apart per connection', () => {
    const p = pair('{NS 000} >>> CHG 1 NLN 0', '{SB 001} >>> CAL 1 a@b.com', '{SB 001} <<< CAL 1 RINGING 1', '{NS 000} <<< CHG 1 NLN 0');
    expect(replyTo(p)).toEqual([-1, -1, 1, 0]);
  });
});

describe('pairTransactions on documentation placeholders', () => {
  it('pairs `ADL TrId …` with `240 TrId`', () => {
    const p = pair('>>> ADL TrId xxx', '<<< 240 TrId');
    expect(replyTo(p)).toEqual([-1, 0]);
    expect(p.status[0]).toBe('error');
    expect(p.orphans).toEqual([]);
  });
});
