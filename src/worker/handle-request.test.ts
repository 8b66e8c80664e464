import { describe, expect, test } from 'vitest';
import { parseLog } from '../msnp/parse-log';
import { parseSample, sampleBytes } from '../state/test-support';
import { fingerprintBytes } from './fingerprint';
import { createRequestHandler, type ParseFn } from './handle-request';
import { PROTOCOL_VERSION, toRequestId, type FromWorker } from './protocol';

const v = PROTOCOL_VERSION;

function collect(parse: ParseFn, clock: () => number = () => 0, chunkSize = 0) {
  const handler = createRequestHandler({ parse, now: clock, progressIntervalMs: 50, chunkSize });
  const out: FromWorker[] = [];
  return { handler, out, post: (m: FromWorker) => out.push(m) };
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
    expect(last.result).toEqual(parseLog(bytes, { fileName: 'x.log' }));
    expect(last.result.stats.errorsByCode['911']).toBe(1);
  });

  test('a big result goes out in slices, list by list, then a result shell with the counts to expect', () => {
    const bytes = sampleBytes('msnp15-login-and-chat.log');
    const whole = parseLog(bytes, {});
    const { handler, out, post } = collect(parseLog, () => 0, 10);
    handler.handle({ kind: 'parse', v, id: toRequestId(1), fileName: null, bytes: bufferOf(bytes), dialect: null }, post);
    const sent = out.filter((m) => m.kind !== 'progress');
    expect(sent.at(-1)?.kind).toBe('result');
    expect(sent.slice(0, -1).every((m) => m.kind === 'chunk')).toBe(true);
    const items = (list: string): unknown[] => out.flatMap((m): unknown[] => (m.kind === 'chunk' && m.list === list ? [...m.items] : []));
    expect(out.filter((m) => m.kind === 'chunk' && m.list === 'events')).toHaveLength(Math.ceil(whole.events.length / 10));
    expect(items('events')).toEqual(whole.events);
    expect(items('nonProtocol')).toEqual(whole.nonProtocol);
    expect(items('connections')).toEqual(whole.connections);
    expect(items('diagnostics')).toEqual(whole.diagnostics);
    expect(items('findings')).toEqual(whole.findings);
    const last = out.at(-1);
    if (last?.kind !== 'result') return;
    expect(last.chunked).toEqual({
      events: whole.events.length, nonProtocol: whole.nonProtocol.length, connections: whole.connections.length,
      diagnostics: whole.diagnostics.length, findings: whole.findings.length,
    });
    expect(last.result.events).toEqual([]);
    expect(last.result.findings).toEqual([]);
    expect(last.columns.count).toBe(whole.events.length);
  });

  test('passes the dialect override on to the parser', () => {
    const bytes = sampleBytes('msnp15-login-911.log');
    const { handler, out, post } = collect(parseLog);
    handler.handle({ kind: 'parse', v, id: toRequestId(1), fileName: null, bytes: bufferOf(bytes), dialect: 'transcript' }, post);
    const last = out.at(-1);
    expect(last?.kind === 'result' && last.result.detection.forced).toBe(true);
    expect(last?.kind === 'result' && last.result.detection.dialect).toBe('transcript');
  });

  test('throttles progress to one message per interval, but always sends the last', () => {
    let t = 0;
    const canned = parseSample('offline-contact');
    const parse: ParseFn = (_bytes, _o, onProgress) => {
      for (let i = 1; i <= 10; i++) {
        t += 20; // 20 ms per slice: with a 50 ms interval, every third slice reports
        onProgress({ bytesDone: i * 10, bytesTotal: 100, events: i });
      }
      return canned;
    };
    const { handler, out, post } = collect(parse, () => t);
    handler.handle({ kind: 'parse', v, id: toRequestId(2), fileName: null, bytes: new ArrayBuffer(100), dialect: null }, post);
    const progress = out.filter((m) => m.kind === 'progress').map((m) => (m.kind === 'progress' ? m.bytesDone : -1));
    expect(progress).toEqual([10, 40, 70, 100]);
  });

  test('a parser that throws becomes a failure message', () => {
    const { handler, out, post } = collect(() => {
      throw new RangeError('boom');
    });
    handler.handle({ kind: 'parse', v, id: toRequestId(3), fileName: null, bytes: new ArrayBuffer(1), dialect: null }, post);
    expect(out).toEqual([{ kind: 'failure', v, id: 3, error: { name: 'RangeError', message: 'boom' } }]);
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
