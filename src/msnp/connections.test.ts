import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messagesFromLines } from '../test-utils/messages-from-lines';
import { assignConnections, ConnectionByTrId } from './connections';

const idsOf = (lines: string[]): string[] => {
  const { connOf, connections } = assignConnections(messagesFromLines(...lines));
  return [...connOf].map((c) => connections[c]?.id ?? '?');
};

describe('assignConnections', () => {
  it('splits a dispatch redirect into DS1 and NS1 even though TrIds continue', () => {
    const lines = [
      '>>> VER 1 MSNP8 CVR0', '<<< VER 1 MSNP8', '>>> USR 3 TWN I a@b.com', '<<< XFR 3 NS 207.46.124.151:1863 0 64.4.50.62:1863',
      '>>> VER 4 MSNP8 CVR0', '<<< VER 4 MSNP8', '>>> USR 6 TWN I a@b.com',
    ];
    expect(idsOf(lines)).toEqual(['DS1', 'DS1', 'DS1', 'DS1', 'NS1', 'NS1', 'NS1']);
    const { connections } = assignConnections(messagesFromLines(...lines));
    expect(connections.map((c) => [c.id, c.kind, c.protocol, c.protocolVersion, c.inferredFrom])).toEqual([
      ['DS1', 'DS', 'MSNP8', 8, 'first'],
      ['NS1', 'NS', 'MSNP8', 8, 'xfr-ns'],
    ]);
  });

  it('keeps a named connection but still splits it at the redirect (libpurple reuses "NS 000")', () => {
    const { connOf, connections } = assignConnections(messagesFromLines(
      '{NS 000} >>> VER 1 MSNP15 CVR0', '{NS 000} <<< VER 1 MSNP15', '{NS 000} >>> USR 3 SSO I a@b.com',
      '{NS 000} <<< XFR 3 NS 207.46.124.147:1863 U D', '{NS 000} >>> VER 4 MSNP15 CVR0', '{SB 001} >>> USR 1 a@b.com 123.456',
    ));
    expect([...connOf]).toEqual([0, 0, 0, 0, 1, 2]);
    expect(connections.map((c) => [c.id, c.sourceName, c.inferredFrom])).toEqual([
      ['DS1', 'NS 000', 'log'], ['NS1', 'NS 000', 'xfr-ns'], ['SB1', 'SB 001', 'log'],
    ]);
  });

  it('puts a server line after a switchboard the client left (OUT) on the notification server: `<<< OUT OTH`', () => {
    expect(idsOf([
      '>>> VER 1 MSNP12 CVR0', '<<< VER 1 MSNP12',
      '<<< RNG 11752013 207.46.108.91:1863 CKI 849102291.520491932 gina@example.com Gina',
      '>>> ANS 1 erin@example.com 849102291.520491932 11752013', '<<< ANS 1 OK',
      '<<< BYE gina@example.com 1', '>>> OUT', '<<< OUT OTH',
    ])).toEqual(['NS1', 'NS1', 'NS1', 'SB1', 'SB1', 'SB1', 'SB1', 'NS1']);
  });

  it('starts a switchboard at USR with a cookie and routes SB and NS traffic apart', () => {
    expect(idsOf([
      '>>> XFR 20 SB', '<<< XFR 20 SB 64.4.61.110:1863 CKI 924023575.140242124.23015820 U messenger.msn.com 1',
      '>>> USR 0 me@b.com 924023575.140242124.23015820', '<<< USR 0 OK me@b.com me',
      '>>> CAL 1 you@b.com', '<<< NLN NLN x@b.com x 0', '<<< CAL 1 RINGING 11752013', '<<< JOI you@b.com you',
      '>>> CHG 21 NLN 0', '<<< CHG 21 NLN 0',
    ])).toEqual(['NS1', 'NS1', 'SB1', 'SB1', 'SB1', 'NS1', 'SB1', 'SB1', 'NS1', 'NS1']);
  });

  it('routes a numeric reply to the connection whose command has that TrId', () => {
    expect(idsOf([
      '>>> CHG 7 NLN 0', '>>> ANS 1 me@b.com 849102291.520491932 11752098', '>>> XFR 8 SB', '<<< 911 1', '<<< 800 8',
    ])).toEqual(['NS1', 'SB1', 'NS1', 'SB1', 'NS1']);
  });

  it('notes a refused version (VER t 0) and closes the connection', () => {
    const { connections, afterClose } = assignConnections(messagesFromLines('>>> VER 1 MSNP99', '<<< VER 1 0', '>>> CVR 2 x'));
    expect(connections[0]).toMatchObject({ protocol: null, versionRefused: true });
    expect(afterClose).toEqual([2]);
  });

  it('starts a new connection when VER comes again with a restarted TrId', () => {
    const { connections } = assignConnections(messagesFromLines(
      '>>> VER 1 MSNP12 CVR0', '<<< VER 1 MSNP12', '>>> CVR 2 x', '>>> VER 1 MSNP12 CVR0',
    ));
    expect(connections.map((c) => `${c.id}:${c.inferredFrom}:${c.eventCount}`)).toEqual(['NS1:first:3', 'NS2:trid-restart:1']);
  });

  it('records commands sent after OUT (a repeated OUT is not one)', () => {
    const { afterClose } = assignConnections(messagesFromLines('{ns-sock7} >>> OUT', '{ns-sock7} >>> OUT', '{ns-sock7} >>> CHG 9 NLN 0'));
    expect(afterClose).toEqual([2]);
  });

  it('starts a new connection at each announced connect, even when the log gives no socket name (aMSN `->ns- OUT`)', () => {
    const messages = messagesFromLines('>>> OUT', '>>> OUT', '>>> OUT', '>>> VER 1 MSNP12 CVR0', '<<< VER 1 MSNP12');
    // lines 1, 2 and 4 follow a `< Connected to: … >` line; line 3 is a retry the log shows no connect for
    const announced = messages.map((m, k) => (k === 0 || k === 1 || k === 3 ? { ...m, newConnection: true } : m));
    const { connOf, connections, afterClose } = assignConnections(announced);
    expect([...connOf]).toEqual([0, 1, 1, 2, 2]);
    expect(connections.map((c) => `${c.id}:${c.inferredFrom}:${c.eventCount}`)).toEqual([
      'NS1:connection-event:1', 'NS2:connection-event:2', 'NS3:connection-event:2',
    ]);
    expect(afterClose).toEqual([]);
  });

  it('keeps a named connection when the line after a connect event belongs to it and cannot open one', () => {
    const messages = messagesFromLines('{ns-sock7} >>> VER 1 MSNP12 CVR0', '{ns-sock7} <<< VER 1 MSNP12', '{ns-sock7} >>> PNG');
    const announced = messages.map((m, k) => (k === 2 ? { ...m, newConnection: true } : m));
    expect([...assignConnections(announced).connOf]).toEqual([0, 0, 0]);
  });
});

describe('ConnectionByTrId', () => {
  it('answers the latest connection set for a TrId, small, counting on past the array or far out (property)', () => {
    // TrIds that count on across the array's limits (65,536 and its doubles), a few far out, and small ones.
    const trId = fc.oneof(
      fc.integer({ min: 0, max: 300 }),
      fc.integer({ min: 65_000, max: 300_000 }),
      fc.constantFrom(4_294_967_295, 2_147_483_648, 70_000_000),
    );
    const op = fc.tuple(trId, fc.integer({ min: 0, max: 50 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.boolean(), (ops, counting) => {
        const map = new ConnectionByTrId();
        const model = new Map<number, number>();
        // Optionally a long run counting up first, so the array has grown far past 65,536 before the rest.
        if (counting) {
          for (let t = 0; t < 200_000; t += 7) {
            map.set(t, t % 13);
            model.set(t, t % 13);
          }
        }
        for (const [t, c] of ops) {
          map.set(t, c);
          model.set(t, c);
          expect(map.get(t)).toBe(c);
        }
        for (const [t] of ops) expect(map.get(t)).toBe(model.get(t) ?? -1);
        for (const t of [0, 1, 65_535, 65_536, 131_071, 131_072, 299_999, 4_294_967_295]) expect(map.get(t)).toBe(model.get(t) ?? -1);
      }),
      { numRuns: 100 },
    );
  });
});
