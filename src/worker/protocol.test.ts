import { describe, expect, test } from 'vitest';
import { parseSample } from '../state/test-support';
import { buildEventColumns } from './event-columns';
import { createRequestHandler } from './handle-request';
import { parseLog } from '../msnp/parse-log';
import { sampleBytes } from '../state/test-support';
import { isFromWorker, isToWorker, PROTOCOL_VERSION, toRequestId } from './protocol';

const id = toRequestId(3);
const v = PROTOCOL_VERSION;

describe('isToWorker', () => {
  test('accepts well-formed requests', () => {
    expect(isToWorker({ kind: 'parse', v, id, fileName: 'a.log', bytes: new ArrayBuffer(2), dialect: null })).toBe(true);
    expect(isToWorker({ kind: 'parse', v, id, fileName: null, bytes: new ArrayBuffer(0), dialect: 'papyon' })).toBe(true);
    expect(isToWorker({ kind: 'parse', v, id, fileName: 'a.log', bytes: new Blob(['VER 1 MSNP8']), dialect: null })).toBe(true);
    expect(isToWorker({ kind: 'cancel', v, id })).toBe(true);
    expect(isToWorker({ kind: 'warm-up', v, id: toRequestId(0) })).toBe(true);
    expect(isToWorker({ kind: 'warm-up', v: 5, id: toRequestId(0) })).toBe(false);
  });
  test.each([
    ['null', null],
    ['a string', 'parse'],
    ['another version', { kind: 'cancel', v: 1, id }],
    ['an unknown kind', { kind: 'explode', v, id }],
    ['bytes not a buffer', { kind: 'parse', v, id, fileName: null, bytes: [1, 2], dialect: null }],
    ['bytes a typed array, not its buffer', { kind: 'parse', v, id, fileName: null, bytes: new Uint8Array(2), dialect: null }],
    ['no id', { kind: 'cancel', v }],
  ])('rejects %s', (_name, data) => {
    expect(isToWorker(data)).toBe(false);
  });
});

describe('isFromWorker', () => {
  /** What the real handler posts across threads (chunked, columnar) for a sample. */
  function columnarResult(): Record<string, unknown> {
    const out: unknown[] = [];
    createRequestHandler({ parse: parseLog, now: () => 0, progressIntervalMs: 0, chunkSize: 1000 }).handle(
      { kind: 'parse', v, id, fileName: null, bytes: sampleBytes('msnp15-login-911.log').slice().buffer, dialect: null },
      (m) => out.push(m),
    );
    return out.at(-1) as Record<string, unknown>;
  }

  test('accepts progress, result and failure', () => {
    const result = parseSample('login-failed');
    const columns = buildEventColumns(result);
    const chunked = { connections: 1, diagnostics: 0, findings: 0 };
    expect(isFromWorker({ kind: 'progress', v, id, bytesDone: 1, bytesTotal: 2, events: 0, pass: 'first', stage: 'reading' })).toBe(true);
    expect(isFromWorker({ kind: 'progress', v, id, bytesDone: 1, bytesTotal: 2, events: 0, pass: 'again', stage: 'reading' })).toBe(true);
    expect(isFromWorker({ kind: 'progress', v, id, bytesDone: 2, bytesTotal: 2, events: 0, pass: 'first', stage: 'analysing' })).toBe(true);
    expect(isFromWorker({ kind: 'result', v, id, body: { kind: 'whole', result }, fingerprint: '0badf00d', elapsedMs: 3, chunked: null, columns })).toBe(true);
    expect(isFromWorker(columnarResult())).toBe(true);
    const shell = { ...result, events: undefined, nonProtocol: undefined, tables: undefined };
    const plain = { kind: 'plain', shell, events: [...result.events], nonProtocol: [] };
    expect(isFromWorker({ kind: 'result', v, id, body: plain, fingerprint: '0badf00d', elapsedMs: 3, chunked, columns })).toBe(true);
    expect(isFromWorker({ kind: 'chunk', v, id, list: 'connections', items: result.connections.slice(0, 2) })).toBe(true);
    expect(isFromWorker({ kind: 'chunk', v, id, list: 'findings', items: [] })).toBe(true);
    expect(isFromWorker({ kind: 'failure', v, id, during: 'analyse', error: { name: 'Error', message: 'x' } })).toBe(true);
    expect(isFromWorker({ kind: 'failure', v, id, during: 'read', error: { name: 'NotReadableError', message: 'x' } })).toBe(true);
  });

  test('refuses a result shell without the list of where its logs begin (a worker of protocol 4)', () => {
    const good = columnarResult();
    const body = good['body'] as { shell: Record<string, unknown> };
    expect(isFromWorker({ ...good, body: { ...body, shell: { ...body.shell, sessionStarts: undefined } } })).toBe(false);
    expect(isFromWorker({ ...good, body: { ...body, shell: { ...body.shell, sessionStarts: [-1] } } })).toBe(false);
  });

  test('checks the shapes of the transferred columns', () => {
    const good = columnarResult();
    const body = good['body'] as { tables: { events: Record<string, unknown>; source: Record<string, unknown>; nonProtocol: Record<string, unknown> } };
    const t = body.tables;
    const broken = (patch: (t: typeof body.tables) => void): unknown => {
      const copy = structuredClone(good) as typeof good;
      patch((copy['body'] as typeof body).tables);
      return copy;
    };
    expect(isFromWorker(broken(() => undefined))).toBe(true);
    expect(isFromWorker(broken((c) => void (c.events['time'] = Array.from(t.events['time'] as Float64Array))))).toBe(false);
    expect(isFromWorker(broken((c) => void (c.events['line'] = new Int32Array(0))))).toBe(false);
    expect(isFromWorker(broken((c) => void (c.events['length'] = -1)))).toBe(false);
    expect(isFromWorker(broken((c) => void (c.events['verbs'] = [1, 2])))).toBe(false);
    expect(isFromWorker(broken((c) => void (c.source['bytes'] = 'text')))).toBe(false);
    expect(isFromWorker(broken((c) => void (c.source['starts'] = new Uint8Array(4))))).toBe(false);
    expect(isFromWorker(broken((c) => void (c.nonProtocol['reason'] = null)))).toBe(false);
    expect(isFromWorker({ ...good, body: { kind: 'columnar', shell: (good['body'] as { shell: unknown }).shell } })).toBe(false);
    expect(isFromWorker({ ...good, body: { kind: 'rows' } })).toBe(false);
    expect(isFromWorker({ ...good, chunked: { events: 3 } })).toBe(false);
  });

  test.each([
    ['progress with NaN', { kind: 'progress', v, id, bytesDone: NaN, bytesTotal: 2, events: 0, pass: 'first', stage: 'reading' }],
    ['progress without its pass', { kind: 'progress', v, id, bytesDone: 1, bytesTotal: 2, events: 0, stage: 'reading' }],
    ['progress of an unknown pass', { kind: 'progress', v, id, bytesDone: 1, bytesTotal: 2, events: 0, pass: 'third', stage: 'reading' }],
    ['progress without its stage', { kind: 'progress', v, id, bytesDone: 1, bytesTotal: 2, events: 0, pass: 'first' }],
    ['progress of an unknown stage', { kind: 'progress', v, id, bytesDone: 1, bytesTotal: 2, events: 0, pass: 'first', stage: 'done' }],
    ['result of another schema', { kind: 'result', v, id, body: { kind: 'whole', result: { schemaVersion: 2 } }, fingerprint: 'x', elapsedMs: 1, chunked: null, columns: { count: 0 } }],
    ['result without the chunk note', { kind: 'result', v, id, body: { kind: 'whole', result: { schemaVersion: 1 } }, fingerprint: 'x', elapsedMs: 1, columns: { count: 0 } }],
    ['result without its columns', { kind: 'result', v, id, body: { kind: 'whole', result: { schemaVersion: 1 } }, fingerprint: 'x', elapsedMs: 1, chunked: null }],
    ['result of protocol 1 (a result, no body)', { kind: 'result', v, id, result: { schemaVersion: 1 }, fingerprint: 'x', elapsedMs: 1, chunked: null, columns: { count: 0 } }],
    ['a chunk without its items', { kind: 'chunk', v, id, list: 'findings' }],
    ['a chunk of events (they cross as columns now)', { kind: 'chunk', v, id, list: 'events', items: [] }],
    ['a chunk of an unknown list', { kind: 'chunk', v, id, list: 'stats', items: [] }],
    ['failure without message', { kind: 'failure', v, id, during: 'analyse', error: {} }],
    ['failure without saying when', { kind: 'failure', v, id, error: { name: 'Error', message: 'x' } }],
    ['a request', { kind: 'cancel', v, id }],
  ])('rejects %s', (_name, data) => {
    expect(isFromWorker(data)).toBe(false);
  });
});
