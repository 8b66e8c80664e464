import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { dump } from '../msnp/dump';
import { explainEvent } from '../msnp/explain';
import { buildVerdict } from '../msnp/findings/verdict';
import { parseLog } from '../msnp/parse-log';
import type { ParseResult } from '../msnp/types';
import { parseSample, sampleBytes } from '../state/test-support';
import { syntheticResult } from '../state/synthetic-result';
import { fingerprintBytes } from './fingerprint';
import { createRequestHandler, type ParseFn } from './handle-request';
import { resultFromTables } from './client';
import { PROTOCOL_VERSION, toRequestId, type FromWorker } from './protocol';

const v = PROTOCOL_VERSION;

function collect(parse: ParseFn, clock: () => number = () => 0, chunkSize = 0) {
  const handler = createRequestHandler({ parse, now: clock, progressIntervalMs: 50, chunkSize });
  const out: FromWorker[] = [];
  const transfers: Transferable[][] = [];
  return { handler, out, transfers, post: (m: FromWorker, t: Transferable[] = []) => void (out.push(m), transfers.push(t)) };
}

/** Every typed array anywhere inside a message. */
function viewsIn(x: unknown): ArrayBufferView[] {
  if (ArrayBuffer.isView(x)) return [x];
  if (x === null || typeof x !== 'object') return [];
  return Object.values(x).flatMap(viewsIn);
}

/** Resolves once `done()` holds (a read under way ends in a later task), failing after a second. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 5) {
    if (waited > 1000) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

describe('handleRequest', () => {
  test('parses a sample with the real pipeline and answers with its result and fingerprint', () => {
    const bytes = sampleBytes('msnp15-login-911.log');
    const { handler, out, post } = collect(parseLog);
    handler.handle({ kind: 'parse', v, id: toRequestId(1), fileName: 'x.log', bytes: bufferOf(bytes), dialect: null }, post);
    const last = out.at(-1);
    expect(last?.kind).toBe('result');
    if (last?.kind !== 'result') return;
    expect(last.fingerprint).toBe(fingerprintBytes(bytes));
    // Same thread: the result itself, nothing cloned or rebuilt.
    expect(last.body.kind).toBe('whole');
    if (last.body.kind !== 'whole') return;
    expect(dump(last.body.result)).toBe(dump(parseLog(bytes, { fileName: 'x.log' })));
    expect(last.body.result.stats.errorsByCode['911']).toBe(1);
    expect(last.columns.count).toBe(last.body.result.events.length);
    // The verdict comes derived, as the core words it.
    expect(last.verdict).toBe(buildVerdict(last.body.result.findings, last.body.result.events));
    expect(last.verdict).toContain('911');
  });

  test('across threads: object lists in slices, then the events as columns with every buffer transferred', () => {
    const bytes = sampleBytes('msnp15-login-and-chat.log');
    const whole = parseLog(bytes, {});
    const { handler, out, transfers, post } = collect(parseLog, () => 0, 10);
    handler.handle({ kind: 'parse', v, id: toRequestId(1), fileName: null, bytes: bufferOf(bytes), dialect: null }, post);
    const sent = out.filter((m) => m.kind !== 'progress');
    expect(sent.at(-1)?.kind).toBe('result');
    expect(sent.slice(0, -1).every((m) => m.kind === 'chunk')).toBe(true);
    const items = (list: string): unknown[] => out.flatMap((m): unknown[] => (m.kind === 'chunk' && m.list === list ? [...m.items] : []));
    expect(out.filter((m) => m.kind === 'chunk' && m.list === 'connections')).toHaveLength(Math.ceil(whole.connections.length / 5));
    expect(items('connections')).toEqual(whole.connections);
    expect(items('diagnostics')).toEqual(whole.diagnostics);
    expect(items('findings')).toEqual(whole.findings);
    const last = out.at(-1);
    if (last?.kind !== 'result') throw new Error('no result');
    expect(last.chunked).toEqual({ connections: whole.connections.length, diagnostics: whole.diagnostics.length, findings: whole.findings.length });
    expect(last.body.kind).toBe('columnar');
    if (last.body.kind !== 'columnar') return;
    expect(last.body.shell.findings).toEqual([]);
    expect(last.body.tables.events.length).toBe(whole.events.length);
    expect(last.columns.count).toBe(whole.events.length);
    // Every typed array of the message has its buffer in the transfer list, once (an empty one may be copied).
    const list = transfers.at(-1) ?? [];
    expect(new Set(list).size).toBe(list.length);
    const views = viewsIn(last);
    expect(views.length).toBeGreaterThan(40);
    for (const view of views) if (view.byteLength > 0) expect(list).toContain(view.buffer);
    expect(list).toContain(last.body.tables.source.bytes.buffer);
  });

  // Logs whose events keep text aside from the source lines (glued records, markup removed, wrapped tokens),
  // invalid UTF-8, UTF-16 (transcoded: the bytes that come back are not the file's) and multi-byte payloads.
  const CROSSING = [
    'transcript/payload-commands.log', 'transcript/invalid-utf8.log', 'transcript/utf16-le.log', 'transcript/bom.log',
    'transcript/utf8-payload-bytes.log', 'papyon/glued-record.log', 'papyon/real-06-emesene463-papyon-htmlescaped-sb-cal-timeout.log',
    'libpurple/untimed-markup.log', 'miranda/real-14-mirandang890-netlog-msnp24-cnt-wrapped.log', 'doc/inline-messages.log',
    'findings/xfr-sb-flood-timed.log',
  ];

  test.each(CROSSING)('a parse result crosses the boundary (toData → clone with transfer → fromData) unchanged: %s', (file) => {
    {
      const bytes = new Uint8Array(readFileSync(`fixtures/msnp/${file}`));
      const direct = parseLog(bytes, { fileName: file });
      const { handler, out, transfers, post } = collect(parseLog, () => 0, 1000);
      handler.handle({ kind: 'parse', v, id: toRequestId(1), fileName: file, bytes: bufferOf(bytes), dialect: null }, post);
      const last = out.at(-1);
      if (last?.kind !== 'result' || last.body.kind !== 'columnar') throw new Error('no columnar result');
      const moved = structuredClone(last.body, { transfer: transfers.at(-1) ?? [] });
      expect(last.body.tables.source.bytes.byteLength).toBe(0); // detached on the sending side: moved, not copied
      if (moved.kind !== 'columnar') throw new Error('lost its kind');
      const lists = { connections: direct.connections, diagnostics: direct.diagnostics, findings: direct.findings };
      const crossed: ParseResult = { ...resultFromTables(moved.shell, moved.tables), ...lists };
      expect(dump(crossed)).toBe(dump(direct));
      expect(crossed.events.length).toBe(direct.events.length);
      for (const i of [0, 1, Math.floor(direct.events.length / 2), direct.events.length - 1]) {
        expect(crossed.events[i]).toEqual(direct.events[i]);
        expect(crossed.tables?.events.latencyOf(i)).toBe(direct.tables?.events.latencyOf(i));
        expect(crossed.tables?.events.repliesOf(i)).toEqual(direct.tables?.events.repliesOf(i));
      }
      expect([...crossed.nonProtocol]).toEqual([...direct.nonProtocol]);
      expect(crossed.tables?.source.bytes).toEqual(direct.tables?.source.bytes);
      expect(crossed.input).toEqual(direct.input);
    }
  });

  test('a file of two logs: where the second begins crosses too, so the page explains an error that ends the first', () => {
    const file = 'fixtures/msnp/findings/error-end-of-first-log.log';
    const bytes = new Uint8Array(readFileSync(file));
    const direct = parseLog(bytes, {});
    expect(direct.sessionStarts).toHaveLength(1);
    const { handler, out, transfers, post } = collect(parseLog, () => 0, 1000);
    handler.handle({ kind: 'parse', v, id: toRequestId(1), fileName: null, bytes: bufferOf(bytes), dialect: null }, post);
    const last = out.at(-1);
    if (last?.kind !== 'result' || last.body.kind !== 'columnar') throw new Error('no columnar result');
    const moved = structuredClone(last.body, { transfer: transfers.at(-1) ?? [] });
    if (moved.kind !== 'columnar') throw new Error('lost its kind');
    // The object lists came ahead in chunks; the page puts them back.
    const items = <K extends 'connections' | 'diagnostics' | 'findings'>(list: K): ParseResult[K][number][] =>
      out.flatMap((m) => (m.kind === 'chunk' && m.list === list ? [...(m.items as ParseResult[K])] : []));
    const crossed: ParseResult = { ...resultFromTables(moved.shell, moved.tables), connections: items('connections'), diagnostics: items('diagnostics'), findings: items('findings') };
    expect(crossed.connections).toEqual(direct.connections);
    expect(crossed.sessionStarts).toEqual(direct.sessionStarts);
    const error = crossed.events.find((e) => e.line === 12);
    const ex = error === undefined ? null : explainEvent(crossed, error.id);
    expect(ex?.inContext).toMatch(/The log ends here, so it does not show whether the server hung up/);
    expect(ex?.closesConnection).toBe(false);
  });

  test('a result without tables (a hand-made parser) crosses as plain objects', () => {
    const canned = syntheticResult(30);
    const { handler, out, post } = collect(() => canned, () => 0, 10);
    handler.handle({ kind: 'parse', v, id: toRequestId(5), fileName: null, bytes: new ArrayBuffer(3), dialect: null }, post);
    const last = out.at(-1);
    if (last?.kind !== 'result') throw new Error('no result');
    expect(last.body.kind).toBe('plain');
    if (last.body.kind !== 'plain') return;
    const moved = structuredClone(last.body);
    expect(moved.kind === 'plain' && moved.events).toEqual(canned.events);
    expect(last.columns.count).toBe(30);
  });

  test('passes the dialect override on to the parser', () => {
    const bytes = sampleBytes('msnp15-login-911.log');
    const { handler, out, post } = collect(parseLog);
    handler.handle({ kind: 'parse', v, id: toRequestId(1), fileName: null, bytes: bufferOf(bytes), dialect: 'transcript' }, post);
    const last = out.at(-1);
    const result = last?.kind === 'result' && last.body.kind === 'whole' ? last.body.result : null;
    expect(result?.detection.forced).toBe(true);
    expect(result?.detection.dialect).toBe('transcript');
  });

  test('throttles progress to one message per interval, but always sends the last', () => {
    let t = 0;
    const canned = parseSample('offline-contact');
    const parse: ParseFn = (_bytes, _o, onProgress) => {
      for (let i = 1; i <= 10; i++) {
        t += 20; // 20 ms per slice: with a 50 ms interval, every third slice reports
        onProgress({ bytesDone: i * 10, bytesTotal: 100, events: i, pass: 'first', stage: 'reading' });
      }
      return canned;
    };
    const { handler, out, post } = collect(parse, () => t);
    handler.handle({ kind: 'parse', v, id: toRequestId(2), fileName: null, bytes: new ArrayBuffer(100), dialect: null }, post);
    const progress = out.filter((m) => m.kind === 'progress').map((m) => (m.kind === 'progress' ? m.bytesDone : -1));
    expect(progress).toEqual([10, 40, 70, 100]);
  });

  test('sends the start of a second read at once, inside the interval, with the pass it counts', () => {
    let t = 0;
    const canned = parseSample('offline-contact');
    const parse: ParseFn = (_bytes, _o, onProgress) => {
      onProgress({ bytesDone: 60, bytesTotal: 100, events: 6, pass: 'first', stage: 'reading' });
      t += 5; // well inside the 50 ms interval
      onProgress({ bytesDone: 90, bytesTotal: 100, events: 9, pass: 'first', stage: 'reading' });
      onProgress({ bytesDone: 0, bytesTotal: 100, events: 0, pass: 'again', stage: 'reading' });
      t += 5;
      onProgress({ bytesDone: 30, bytesTotal: 100, events: 3, pass: 'again', stage: 'reading' });
      onProgress({ bytesDone: 100, bytesTotal: 100, events: 10, pass: 'again', stage: 'reading' });
      return canned;
    };
    const { handler, out, post } = collect(parse, () => t);
    handler.handle({ kind: 'parse', v, id: toRequestId(3), fileName: null, bytes: new ArrayBuffer(100), dialect: null }, post);
    const progress = out.flatMap((m) => (m.kind === 'progress' ? [`${m.pass} ${m.bytesDone}`] : []));
    expect(progress).toEqual(['first 60', 'again 0', 'again 100']);
  });

  test('sends the start of analysis at once, inside the interval, saying it is analysis', () => {
    let t = 0;
    const canned = parseSample('offline-contact');
    const parse: ParseFn = (_bytes, _o, onProgress) => {
      onProgress({ bytesDone: 90, bytesTotal: 100, events: 9, pass: 'first', stage: 'reading' });
      t += 5; // well inside the 50 ms interval
      onProgress({ bytesDone: 100, bytesTotal: 100, events: 10, pass: 'first', stage: 'analysing' });
      t += 5;
      onProgress({ bytesDone: 100, bytesTotal: 100, events: 10, pass: 'first', stage: 'analysing' });
      return canned;
    };
    const { handler, out, post } = collect(parse, () => t);
    handler.handle({ kind: 'parse', v, id: toRequestId(4), fileName: null, bytes: new ArrayBuffer(100), dialect: null }, post);
    const progress = out.flatMap((m) => (m.kind === 'progress' ? [`${m.stage} ${m.bytesDone}`] : []));
    expect(progress).toEqual(['reading 90', 'analysing 100', 'analysing 100']);
  });

  test('a parser that throws becomes a failure message', () => {
    const { handler, out, post } = collect(() => {
      throw new RangeError('boom');
    });
    handler.handle({ kind: 'parse', v, id: toRequestId(3), fileName: null, bytes: new ArrayBuffer(1), dialect: null }, post);
    expect(out).toEqual([{ kind: 'failure', v, id: 3, during: 'analyse', error: { name: 'RangeError', message: 'boom' } }]);
  });

  test('a file (Blob) is read here, then parsed exactly as its bytes would be', async () => {
    const bytes = sampleBytes('msnp12-cal-offline-713.log');
    const fromFile = collect(parseLog);
    fromFile.handler.handle({ kind: 'parse', v, id: toRequestId(5), fileName: 'c.log', bytes: new Blob([bytes.slice()]), dialect: null }, fromFile.post);
    expect(fromFile.out).toEqual([]); // the read is under way: nothing answered yet
    await until(() => fromFile.out.at(-1)?.kind === 'result');
    const fromBytes = collect(parseLog);
    fromBytes.handler.handle({ kind: 'parse', v, id: toRequestId(5), fileName: 'c.log', bytes: bufferOf(bytes), dialect: null }, fromBytes.post);
    const [a, b] = [fromFile.out.at(-1), fromBytes.out.at(-1)];
    if (a?.kind !== 'result' || b?.kind !== 'result' || a.body.kind !== 'whole' || b.body.kind !== 'whole') throw new Error('no result');
    expect(a.fingerprint).toBe(fingerprintBytes(bytes));
    expect(dump(a.body.result)).toBe(dump(b.body.result));
  });

  test('a file that cannot be read is a failure during the read', async () => {
    const { handler, out, post } = collect(parseLog);
    const gone = new (class extends Blob {
      override arrayBuffer(): Promise<ArrayBuffer> {
        return Promise.reject(new DOMException('moved', 'NotReadableError'));
      }
    })(['x']);
    handler.handle({ kind: 'parse', v, id: toRequestId(6), fileName: null, bytes: gone, dialect: null }, post);
    await until(() => out.length > 0);
    expect(out).toEqual([{ kind: 'failure', v, id: 6, during: 'read', error: { name: 'NotReadableError', message: 'moved' } }]);
  });

  test('a file whose parse is cancelled while it is read produces nothing, not even a parse', async () => {
    let parsed = 0;
    const { handler, out, post } = collect((b, o, p) => (parsed++, parseLog(b, o, p)));
    // A read that ends when the test says so: the cancel comes in while it is under way.
    let finishRead: (b: ArrayBuffer) => void = () => undefined;
    const slow = new (class extends Blob {
      override arrayBuffer(): Promise<ArrayBuffer> {
        return new Promise((resolve) => (finishRead = resolve));
      }
    })(['VER 1 MSNP8']);
    handler.handle({ kind: 'parse', v, id: toRequestId(7), fileName: null, bytes: slow, dialect: null }, post);
    handler.handle({ kind: 'cancel', v, id: toRequestId(7) }, post);
    finishRead(bufferOf(sampleBytes('msnp15-login-911.log')));
    await new Promise((r) => setTimeout(r, 0));
    expect(out).toEqual([]);
    expect(parsed).toBe(0);
  });

  test('a request cancelled before it runs produces nothing', () => {
    const { handler, out, post } = collect(parseLog);
    handler.handle({ kind: 'cancel', v, id: toRequestId(4) }, post);
    handler.handle({ kind: 'parse', v, id: toRequestId(4), fileName: null, bytes: new ArrayBuffer(1), dialect: null }, post);
    expect(out).toEqual([]);
  });
});

describe('fingerprintBytes', () => {
  test('is stable, short, and tells different files apart', () => {
    const a = sampleBytes('msnp15-login-911.log');
    const b = sampleBytes('msnp12-cal-offline-713.log');
    expect(fingerprintBytes(a)).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprintBytes(a)).toBe(fingerprintBytes(a.slice()));
    expect(fingerprintBytes(a)).not.toBe(fingerprintBytes(b));
    const c = a.slice();
    c[10] = (c[10] ?? 0) ^ 1;
    expect(fingerprintBytes(c)).not.toBe(fingerprintBytes(a));
  });
});
