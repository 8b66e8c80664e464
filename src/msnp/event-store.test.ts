import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dump } from './dump';
import { dataPayloadRow, dataRawOffset, dataTime, EventStore, eventList, lazyArray, NonProtocolStore, nonProtocolList, storeBuffers, storeOf } from './event-store';
import { LineSource } from './line-source';
import { parseLog } from './parse-log';
import type { ParseResult } from './types';

const FIXTURES = join(__dirname, '../../fixtures/msnp');
const load = (path: string): ParseResult => parseLog(new Uint8Array(readFileSync(join(FIXTURES, path))), { fileName: path });

describe('lazyArray', () => {
  const built: number[] = [];
  const list = lazyArray(4, (i) => {
    built.push(i);
    return { i };
  });

  it('reads like a plain read-only array', () => {
    expect(Array.isArray(list)).toBe(true);
    expect(list.length).toBe(4);
    expect(list[2]).toEqual({ i: 2 });
    expect(list[4]).toBeUndefined();
    expect(list[-1]).toBeUndefined();
    expect([...list].map((x) => x.i)).toEqual([0, 1, 2, 3]);
    expect(list.map((x) => x.i * 2)).toEqual([0, 2, 4, 6]);
    expect(list.filter((x) => x.i % 2 === 1)).toEqual([{ i: 1 }, { i: 3 }]);
    expect(list.at(-1)).toEqual({ i: 3 });
    expect(JSON.stringify(list)).toBe('[{"i":0},{"i":1},{"i":2},{"i":3}]');
    expect(Object.keys(list)).toEqual(['0', '1', '2', '3']);
    expect(2 in list).toBe(true);
    expect(7 in list).toBe(false);
  });

  it('builds an item on demand and hands the same object back while it is cached', () => {
    built.length = 0;
    const a = list[1];
    expect(list[1]).toBe(a);
    expect(built.filter((i) => i === 1).length).toBeLessThanOrEqual(1);
  });

  it('refuses writes', () => {
    expect(() => {
      (list as unknown as { 0: unknown })[0] = 5;
    }).toThrow(TypeError);
  });
});

describe('EventStore', () => {
  it.each(['transcript/payload-commands.log', 'libpurple/real-03-ubuntuforums-pidgin-msnp15-sso-timeout-libpurple.log', 'papyon/console-payload.log', 'doc/inline-messages.log', 'findings/seed-713-cal.log'])(
    '%s crosses the worker boundary (toData → transfer → fromData) with every event and line intact',
    (path) => {
      const r = load(path);
      const tables = r.tables;
      if (tables === undefined) throw new Error('parseLog gives tables');
      const data = tables.events.toData();
      const src = tables.source.toData();
      const np = tables.nonProtocol.toData();
      // Copies of the buffers, as a transfer would hand them over (the originals stay usable for the comparison).
      const [d2, s2, n2] = structuredClone([data, src, np]);
      const source = LineSource.fromData(s2);
      const store = EventStore.fromData(d2, source);
      const again: ParseResult = { ...r, events: eventList(store), nonProtocol: nonProtocolList(NonProtocolStore.fromData(n2, source)) };
      expect(dump(again)).toBe(dump(r));
      expect(again.events.map((e) => e.raw)).toEqual(r.events.map((e) => e.raw));
      expect(again.events.map((e) => e.payload)).toEqual(r.events.map((e) => e.payload));
      expect(storeBuffers(data).length).toBeGreaterThan(10);
    },
  );

  it('gives views whose fields equal the plain events', () => {
    const r = load('transcript/payload-commands.log');
    const store = r.tables?.events;
    if (store === undefined) throw new Error('parseLog gives tables');
    expect(storeOf(r.events)).toBe(store);
    for (let i = 0; i < store.length; i++) {
      const view = store.view(i);
      const plain = r.events[i];
      expect({ ...plain }).toEqual({
        id: view.id, line: view.line, endLine: view.endLine, direction: view.direction, connection: view.connection,
        time: view.time, command: view.command, error: view.error, trId: view.trId, params: view.params, raw: view.raw,
        payload: view.payload, flags: view.flags, replyTo: view.replyTo, replies: view.replies, status: view.status,
        latencyMs: view.latencyMs,
      });
    }
  });
});

describe('EventStore param accessors', () => {
  const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.log')).sort();
  const real = join(__dirname, '../../../shared/corpus/real');
  const realFiles = readdirSync(real).filter((f) => f.endsWith('.log')).sort();

  it('has fixtures with non-ASCII and unusual params to check against', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(realFiles.length).toBeGreaterThan(5);
  });

  it.each([...files.map((f) => join(FIXTURES, f)), ...realFiles.map((f) => join(real, f))])(
    'paramAt / paramIs / paramsTextOf agree with paramsOf on every event of %s',
    (path) => {
      const r = parseLog(new Uint8Array(readFileSync(path)), {});
      const store = r.tables?.events;
      if (store === undefined) throw new Error('parseLog gives tables');
      for (let i = 0; i < store.length; i++) {
        const params = store.paramsOf(i);
        expect(store.paramsTextOf(i), `event ${i} params text`).toBe(params.length === 0 ? null : params.join(' '));
        for (let k = 0; k <= params.length; k++) {
          expect(store.paramAt(i, k), `event ${i} param ${k}`).toBe(params[k]);
          const p = params[k];
          if (p !== undefined && /^[\x20-\x7e]*$/.test(p)) {
            expect(store.paramIs(i, k, p)).toBe(true);
            expect(store.paramIs(i, k, `${p}x`)).toBe(false);
          }
        }
      }
    },
  );
});

describe('EventStore narrow columns', () => {
  const src = LineSource.fromUtf8(new Uint8Array(0));
  const message = (line: number, time: number | null, trId: number | null) => ({
    line, endLine: line, direction: 'client' as const, time, command: 'CHG', trId, flags: [], payload: null,
  });
  const ref = { rawOffset: -1, paramsFrom: -1, raw: 'CHG', params: [] };

  it('keeps times and TrIds exact, widening a column once when a value does not fit it', () => {
    const times = [0, null, 5_000, 86_400_000 * 3, null, 1.5, 2 ** 31 + 7, 12];
    const trIds = [1, null, 0, 4_294_967_294, null, 4_294_967_295, 7, null];
    const store = new EventStore(src, 2);
    times.forEach((t, k) => store.push(message(k + 1, t, trIds[k] ?? null), ref));
    for (let k = 0; k < times.length; k++) {
      expect(store.timeOf(k)).toBe(times[k]);
      expect(store.trIdOf(k)).toBe(trIds[k]);
    }
    const again = EventStore.fromData(structuredClone(store.toData()), src);
    for (let k = 0; k < times.length; k++) {
      expect(again.timeOf(k)).toBe(times[k]);
      expect(again.trIdOf(k)).toBe(trIds[k]);
    }
  });

  it('keeps offsets and line spans that do not fit their narrow columns', () => {
    const store = new EventStore(src, 2);
    const cases = [
      { line: 1, endLine: 1, rawOffset: -1, paramsFrom: -1 },
      { line: 2, endLine: 300, rawOffset: 70_000, paramsFrom: 254 },
      { line: 400, endLine: 653, rawOffset: 65_533, paramsFrom: 253 },
      { line: 700, endLine: 954, rawOffset: 65_534, paramsFrom: 300 },
    ];
    for (const c of cases) store.push({ ...message(c.line, null, null), endLine: c.endLine }, { rawOffset: c.rawOffset, paramsFrom: c.paramsFrom, raw: 'CHG', params: [] });
    const data = store.toData();
    const again = EventStore.fromData(structuredClone(data), src);
    cases.forEach((c, k) => {
      for (const s of [store, again]) {
        expect([s.lineOf(k), s.endLineOf(k), s.rawOffsetOf(k), s.paramsFromOf(k)]).toEqual([c.line, c.endLine, c.rawOffset, c.paramsFrom]);
      }
      expect(dataRawOffset(data, k)).toBe(c.rawOffset);
    });
  });

  it('numbers payload rows by rank across 32-event words, before and after crossing the worker boundary', () => {
    const store = new EventStore(src, 8);
    const has = Array.from({ length: 200 }, (_, k) => k % 7 === 0 || k % 32 === 31 || (k >= 64 && k < 96));
    has.forEach((p, k) => store.push({ ...message(k + 1, null, null), payload: p ? { declaredBytes: k, visibility: 'hidden', shownBytes: null, text: '', firstLine: null, lastLine: null } : null }, ref));
    const data = store.toData();
    const again = EventStore.fromData(structuredClone(data), src);
    let row = 0;
    has.forEach((p, k) => {
      const want = p ? row++ : -1;
      expect([store.payloadRowOf(k), again.payloadRowOf(k), dataPayloadRow(data, k)]).toEqual([want, want, want]);
      expect(again.payloadDeclaredBytes(k)).toBe(p ? k : -1);
    });
  });

  it('keeps whole-second times of a long log in an Int32 column of seconds (40 days of libpurple stamps)', () => {
    const times = [0, 5_000, null, 86_400_000 * 40 + 3_000, 86_400_000 * 60];
    const store = new EventStore(src, 2);
    times.forEach((t, k) => store.push(message(k + 1, t, null), ref));
    const d = store.toData();
    expect(d.time).toBeInstanceOf(Int32Array);
    expect(d.timeScale).toBe(1000);
    times.forEach((t, k) => expect([store.timeOf(k), Number.isNaN(dataTime(d, k)) ? null : dataTime(d, k)]).toEqual([t, t]));
  });

  it('reads back any mix of times exactly: seconds, ms, none, past the Int32 range (and across the worker boundary)', () => {
    const time = fc.oneof(
      fc.constant(null),
      fc.integer({ min: 0, max: 86_400 * 90 }).map((s) => s * 1000),
      fc.integer({ min: 0, max: 86_400_000 * 90 }),
    );
    fc.assert(
      fc.property(fc.array(time, { maxLength: 40 }), (times) => {
        const store = new EventStore(src, 4);
        times.forEach((t, k) => store.push(message(k + 1, t, null), ref));
        const data = store.toData();
        const again = EventStore.fromData(structuredClone(data), src);
        times.forEach((t, k) => {
          const viaData = dataTime(data, k);
          expect([store.timeOf(k), again.timeOf(k), Number.isNaN(viaData) ? null : viaData]).toEqual([t, t, t]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('stays narrow when every value fits (Int32 times, Uint32 TrIds), and reads an error line\'s code off its verb', () => {
    const store = new EventStore(src, 4);
    store.push({ ...message(1, 1000, 4_294_967_294), command: '911' }, ref);
    store.push(message(2, null, null), ref);
    const d = store.toData();
    expect(d.time).toBeInstanceOf(Int32Array);
    expect(d.trId).toBeInstanceOf(Uint32Array);
    expect([store.timeOf(0), store.timeOf(1), store.trIdOf(0), store.trIdOf(1), store.codeOf(0), store.codeOf(1)]).toEqual([1000, null, 4_294_967_294, null, 911, -1]);
  });
});

describe('NonProtocolStore notes', () => {
  it('keeps every distinct note, past 65,535 of them (a damaged capture writes one per gap), across the worker boundary', () => {
    const n = 70_000;
    const source = LineSource.fromUtf8(new TextEncoder().encode('x\n'.repeat(n)));
    const store = new NonProtocolStore(source);
    for (let k = 0; k < n; k++) store.push(k + 1, 'unreadable', `tcp1: ${k + 1} bytes from the client are not in the capture`);
    const again = NonProtocolStore.fromData(store.toData(), source);
    for (const s of [store, again]) {
      expect(s.noteOf(0)).toBe('tcp1: 1 bytes from the client are not in the capture');
      expect(s.noteOf(65_535)).toBe('tcp1: 65536 bytes from the client are not in the capture');
      expect(s.entry(n - 1).note).toBe(`tcp1: ${n} bytes from the client are not in the capture`);
    }
  });
});

describe('scanBackForClientTrId', () => {
  it('finds what comparing trIdOf line by line finds, narrow or wide TrIds, with or without TrIds (property)', () => {
    // Client and server lines on a few named connections, TrIds small, missing (PNG / OUT) or past 2³²−1's edge.
    const line = fc.record({
      conn: fc.constantFrom('NS/0', 'SB/1', 'SB/2'),
      client: fc.boolean(),
      trId: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(null), fc.constantFrom(4_294_967_295, 4_294_967_294)),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), (lines) => {
        const text = lines
          .map((l) => {
            const body = l.trId === null ? (l.client ? 'PNG' : 'QNG 50') : `CHG ${l.trId} NLN 0`;
            return `${l.conn} ${l.client ? '>>>' : '<<<'} ${body}`;
          })
          .join('\n');
        const r = parseLog(new TextEncoder().encode(text), {});
        const store = storeOf(r.events);
        if (store === undefined) throw new Error('no store');
        const conn = Int32Array.from({ length: store.length }, (_, i) => store.connIndex(i));
        const naive = (c: number, trId: number | null, from: number, stop: number): number => {
          let j = from;
          for (; j >= stop; j--) if (conn[j] === c && store.dirCode(j) === 1 && store.trIdOf(j) === trId) break;
          return j;
        };
        expect(store.length).toBe(lines.length);
        const wrong: string[] = [];
        for (let from = 0; from < store.length; from++) {
          for (let stop = 0; stop <= from; stop++) {
            for (const trId of [store.trIdOf(from), null, 0, 3, 4_294_967_295]) {
              for (let c = 0; c < 3; c++) {
                const got = store.scanBackForClientTrId(conn, c, trId, from, stop);
                if (got !== naive(c, trId, from, stop)) wrong.push(`conn ${c} TrId ${trId} from ${from} to ${stop}: ${got}`);
              }
            }
          }
        }
        expect(wrong.slice(0, 1)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
