import { describe, expect, test } from 'vitest';
import { parseSample } from '../state/test-support';
import { buildEventColumns } from './event-columns';
import { isFromWorker, isToWorker, PROTOCOL_VERSION, toRequestId } from './protocol';

const id = toRequestId(3);
const v = PROTOCOL_VERSION;

describe('isToWorker', () => {
  test('accepts well-formed requests', () => {
    expect(isToWorker({ kind: 'parse', v, id, fileName: 'a.log', bytes: new ArrayBuffer(2), dialect: null })).toBe(true);
    expect(isToWorker({ kind: 'parse', v, id, fileName: null, bytes: new ArrayBuffer(0), dialect: 'papyon' })).toBe(true);
    expect(isToWorker({ kind: 'cancel', v, id })).toBe(true);
  });
  test.each([
    ['null', null],
    ['a string', 'parse'],
    ['another version', { kind: 'cancel', v: 2, id }],
    ['an unknown kind', { kind: 'explode', v, id }],
    ['bytes not a buffer', { kind: 'parse', v, id, fileName: null, bytes: [1, 2], dialect: null }],
    ['no id', { kind: 'cancel', v }],
  ])('rejects %s', (_name, data) => {
    expect(isToWorker(data)).toBe(false);
  });
});

describe('isFromWorker', () => {
  test('accepts progress, result and failure', () => {
    const result = parseSample('login-failed');
    const columns = buildEventColumns(result);
    expect(isFromWorker({ kind: 'progress', v, id, bytesDone: 1, bytesTotal: 2, events: 0 })).toBe(true);
    expect(isFromWorker({ kind: 'result', v, id, result, fingerprint: '0badf00d', elapsedMs: 3, chunked: null, columns })).toBe(true);
    expect(isFromWorker({ kind: 'result', v, id, result, fingerprint: '0badf00d', elapsedMs: 3, chunked: { events: 1, nonProtocol: 0, connections: 1, diagnostics: 0, findings: 0 }, columns })).toBe(true);
    expect(isFromWorker({ kind: 'chunk', v, id, list: 'events', items: result.events.slice(0, 2) })).toBe(true);
    expect(isFromWorker({ kind: 'chunk', v, id, list: 'findings', items: [] })).toBe(true);
    expect(isFromWorker({ kind: 'failure', v, id, error: { name: 'Error', message: 'x' } })).toBe(true);
  });
  test.each([
    ['progress with NaN', { kind: 'progress', v, id, bytesDone: NaN, bytesTotal: 2, events: 0 }],
    ['result of another schema', { kind: 'result', v, id, result: { schemaVersion: 2 }, fingerprint: 'x', elapsedMs: 1, chunked: null }],
    ['result without the chunk note', { kind: 'result', v, id, result: { schemaVersion: 1 }, fingerprint: 'x', elapsedMs: 1 }],
    ['result without its columns', { kind: 'result', v, id, result: { schemaVersion: 1 }, fingerprint: 'x', elapsedMs: 1, chunked: null }],
    ['a chunk without its items', { kind: 'chunk', v, id, list: 'events' }],
    ['a chunk of an unknown list', { kind: 'chunk', v, id, list: 'stats', items: [] }],
    ['failure without message', { kind: 'failure', v, id, error: {} }],
    ['a request', { kind: 'cancel', v, id }],
  ])('rejects %s', (_name, data) => {
    expect(isFromWorker(data)).toBe(false);
  });
});
