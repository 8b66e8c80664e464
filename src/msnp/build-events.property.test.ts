import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEvents } from './build-events';
import { computeStats } from './stats';
import type { Direction, TokenizedMessage } from './types';

const VERBS = ['VER', 'USR', 'XFR', 'CHG', 'ILN', 'NLN', 'CAL', 'ANS', 'IRO', 'JOI', 'MSG', 'ACK', 'NAK', 'PNG', 'QNG', 'SYN', 'LST', 'OUT', 'CHL', 'QRY', 'ZZZ', '216', '540', '911', '299'];

const message = fc.record({
  direction: fc.constantFrom<Direction | null>('client', 'server', null),
  command: fc.constantFrom(...VERBS),
  trId: fc.option(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(2 ** 40)), { nil: null }),
  params: fc.array(fc.constantFrom('SB', 'NS', 'OK', 'A', 'U', 'N', 'D', 'MSNP15', '0', 'a@b.com', 'TWN', 'I', 'FLN', 'Hotmail', 'RINGING'), { maxLength: 4 }),
  hint: fc.option(fc.constantFrom('NS 000', 'SB 001', 'sock7'), { nil: null }),
  time: fc.option(fc.integer({ min: 0, max: 86_400_000 }), { nil: null }),
});

type MessageRecord = typeof message extends fc.Arbitrary<infer T> ? T : never;

function toMessages(recs: MessageRecord[]): TokenizedMessage[] {
  return recs.map((r, i) => ({
    line: i + 1, endLine: i + 1, direction: r.direction, connectionHint: r.hint, kindHint: null, time: r.time,
    command: r.command, errorCode: /^\d{3}$/.test(r.command) ? Number(r.command) : null, trId: r.trId,
    params: r.params, raw: [r.command, r.trId ?? '', ...r.params].join(' '), payload: null, flags: [],
  }));
}

describe('buildEvents on arbitrary message sequences', () => {
  it('never throws and keeps its invariants', () => {
    fc.assert(fc.property(fc.array(message, { maxLength: 60 }), (recs) => {
      const messages = toMessages(recs);
      const { events, connections, diagnostics } = buildEvents(messages);
      expect(events).toHaveLength(messages.length);
      // Every event belongs to a listed connection, and the per-connection counts add up.
      const ids = new Set(connections.map((c) => c.id));
      for (const e of events) expect(ids.has(e.connection)).toBe(true);
      expect(connections.reduce((n, c) => n + c.eventCount, 0)).toBe(events.length);
      // Every reply is paired at most once, both links agree, and a reply follows its command.
      const seen = new Set<number>();
      for (const e of events) {
        for (const r of e.replies) {
          expect(seen.has(r)).toBe(false);
          seen.add(r);
          expect(events[r]?.replyTo).toBe(e.id);
          expect(r).toBeGreaterThan(e.id);
          expect(events[r]?.connection).toBe(e.connection);
        }
        if (e.replyTo !== null) expect(events[e.replyTo]?.replies).toContain(e.id);
        if (e.latencyMs !== null) expect(e.latencyMs).toBeGreaterThanOrEqual(0);
      }
      const stats = computeStats(events, diagnostics);
      expect(Object.values(stats.byCommand).reduce((a, b) => a + b, 0)).toBe(events.length);
      expect(stats.unanswered).toBe(diagnostics.filter((d) => d.kind === 'unanswered').length);
    }), { numRuns: 400 });
  });
});
