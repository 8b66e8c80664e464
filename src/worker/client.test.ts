import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dump } from '../msnp/dump';
import { parseLog } from '../msnp/parse-log';
import { sampleBytes } from '../state/test-support';
import { createParseClient, type LoadProgress } from './client';
import { createRequestHandler } from './handle-request';
import { isToWorker, type FromWorker, type ToWorker } from './protocol';

type Listener = (ev: MessageEvent<unknown>) => void;

/**
 * Just enough of a Worker: runs the real handler a tick later, and goes silent once terminated. Messages cross
 * as they would between threads: structured clone, with the transfer list (transferred buffers are detached on
 * the sending side).
 */
class FakeWorker {
  static made: FakeWorker[] = [];
  readonly transfers: Transferable[][] = [];
  /** Every message the page sent, as the worker side received it. */
  readonly received: ToWorker[] = [];
  /** What the worker side transferred back (detached after the clone). */
  readonly returned: Transferable[] = [];
  terminated = false;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly handler = createRequestHandler({ parse: parseLog, now: () => performance.now(), progressIntervalMs: 0, chunkSize: 7 });
  constructor(private readonly mode: 'ok' | 'hang' | 'broken' | 'lossy') {
    FakeWorker.made.push(this);
  }
  addEventListener(type: string, l: Listener): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(l);
  }
  removeEventListener(type: string, l: Listener): void {
    this.listeners.get(type)?.delete(l);
  }
  terminate(): void {
    this.terminated = true;
  }
  postMessage(data: unknown, transfer: Transferable[] = []): void {
    this.transfers.push(transfer);
    const cloned: unknown = structuredClone(data, { transfer });
    // A clone makes any Blob a plain (readable) one: an unreadable file stays unreadable on the worker's side.
    const original = (data as { bytes?: unknown }).bytes;
    const received = original instanceof Unreadable ? { ...(cloned as object), bytes: original } : cloned;
    setTimeout(() => {
      if (this.terminated) return;
      if (this.mode === 'broken') return this.emit('error', null);
      if (this.mode === 'hang' || !isToWorker(received)) return;
      this.received.push(received);
      let dropped = false;
      this.handler.handle(received, (m: FromWorker, back: Transferable[] = []) => {
        if (this.mode === 'lossy' && m.kind === 'chunk' && m.list === 'findings' && !dropped) dropped = true;
        else {
          this.returned.push(...back);
          this.emit('message', structuredClone(m, { transfer: back }));
        }
      });
    }, 0);
  }
  private emit(type: string, data: unknown): void {
    if (this.terminated) return;
    for (const l of this.listeners.get(type) ?? []) l({ data } as MessageEvent<unknown>);
  }
}

/** A file whose bytes cannot be had (moved or deleted after it was picked). */
class Unreadable extends Blob {
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.reject(new DOMException('the file was moved', 'NotReadableError'));
  }
}

const fake = (mode: 'ok' | 'hang' | 'broken' | 'lossy') => () => new FakeWorker(mode) as unknown as Worker;
const file = (name: string) => new Blob([sampleBytes(name).slice().buffer]);

describe('parse client', () => {
  test('parses in the worker, which reads the file itself, and reports progress as bytes done over total', async () => {
    FakeWorker.made = [];
    const client = createParseClient({ parse: parseLog, createWorker: fake('ok') });
    const progress: LoadProgress[] = [];
    const source = file('msnp9-rate-limit-800.log');
    const outcome = await client.parse({ source, fileName: 'r.log', dialect: null }, (p) => progress.push(p)).promise;
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    expect(outcome.via).toBe('worker');
    expect(outcome.result.stats.errorsByCode['800']).toBe(4);
    // Findings in slices of 7 (weighted), events as transferred columns: put back together exactly.
    const direct = parseLog(sampleBytes('msnp9-rate-limit-800.log'), { fileName: 'r.log' });
    expect(dump(outcome.result)).toBe(dump(direct));
    expect(outcome.result.findings).toEqual(direct.findings);
    expect(outcome.result.events[3]).toEqual(direct.events[3]);
    // The file went as it is, a handle with nothing to transfer: the worker read it, not the page.
    expect(FakeWorker.made[0]?.received[0]).toMatchObject({ kind: 'parse', bytes: expect.any(Blob) });
    expect(FakeWorker.made[0]?.transfers[0]).toEqual([]);
    // The bytes the worker read came to the page with the result, moved (not copied).
    expect(outcome.result.tables?.source.bytes.byteLength).toBe(source.size);
    const back = FakeWorker.made[0]?.returned ?? [];
    expect(back.length).toBeGreaterThan(10);
    expect(back.every((b) => b instanceof ArrayBuffer && b.byteLength === 0)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ bytesDone: source.size, bytesTotal: source.size });
  });

  test('bytes (not a file) are transferred to the worker, not copied, and come back with the result', async () => {
    FakeWorker.made = [];
    const client = createParseClient({ parse: parseLog, createWorker: fake('ok') });
    const bytes = sampleBytes('msnp9-rate-limit-800.log').slice();
    const outcome = await client.parse({ source: bytes.buffer, fileName: null, dialect: null }, () => undefined).promise;
    expect(outcome.kind).toBe('done');
    const sent = FakeWorker.made[0]?.transfers[0]?.[0];
    expect(sent).toBe(bytes.buffer);
    expect(bytes.buffer.byteLength).toBe(0); // detached here: moved to the worker
    expect(outcome.kind === 'done' && outcome.result.tables?.source.bytes.byteLength).toBe(sampleBytes('msnp9-rate-limit-800.log').length);
  });

  test('a file the worker cannot read is a plain failure that says so', async () => {
    const client = createParseClient({ parse: parseLog, createWorker: fake('ok') });
    const outcome = await client.parse({ source: new Unreadable(['x']), fileName: 'gone.log', dialect: null }, () => undefined).promise;
    expect(outcome).toEqual({ kind: 'failed', message: 'The file could not be read: NotReadableError: the file was moved' });
  });

  test('a file of two formats: progress from the worker says the bar starts over for the second read', async () => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, '../../fixtures/msnp/libpurple/then-amsn-later.log')));
    const client = createParseClient({ parse: parseLog, createWorker: fake('ok') });
    const progress: LoadProgress[] = [];
    const outcome = await client.parse({ source: new Blob([bytes]), fileName: null, dialect: null }, (p) => progress.push(p)).promise;
    expect(outcome.kind).toBe('done');
    // 35 KB: no step of a megabyte inside either read, only the start of the second, the start of analysis and its end.
    const analysed = { bytesDone: bytes.length, bytesTotal: bytes.length, events: outcome.kind === 'done' ? outcome.result.events.length : -1, pass: 'again', stage: 'analysing' };
    expect(progress).toEqual([{ bytesDone: 0, bytesTotal: bytes.length, events: 0, pass: 'again', stage: 'reading' }, analysed, analysed]);
  });

  test('cancel terminates the busy worker, resolves as cancelled, and starts a fresh one', async () => {
    FakeWorker.made = [];
    const client = createParseClient({ parse: parseLog, createWorker: fake('hang') });
    const job = client.parse({ source: file('msnp15-login-911.log'), fileName: null, dialect: null }, () => undefined);
    await new Promise((r) => setTimeout(r, 5));
    job.cancel();
    expect(await job.promise).toEqual({ kind: 'cancelled' });
    expect(FakeWorker.made.map((w) => w.terminated)).toEqual([true, false]);
  });

  test('prepare starts the worker before any parse, once, asks it to warm up, and the first parse runs in it', async () => {
    FakeWorker.made = [];
    const client = createParseClient({ parse: parseLog, createWorker: fake('ok') });
    expect(FakeWorker.made).toHaveLength(0);
    client.prepare();
    client.prepare();
    expect(FakeWorker.made).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 5)); // messages reach the worker side a tick later
    expect(FakeWorker.made[0]?.received.map((m) => m.kind)).toEqual(['warm-up']);
    const outcome = await client.parse({ source: file('msnp15-login-911.log'), fileName: null, dialect: null }, () => undefined).promise;
    expect(outcome.kind === 'done' && outcome.via).toBe('worker');
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]?.received.map((m) => m.kind)).toEqual(['warm-up', 'parse']);
  });

  test('a worker started by a parse is not asked to warm up, not even by a later prepare', async () => {
    FakeWorker.made = [];
    const client = createParseClient({ parse: parseLog, createWorker: fake('ok') });
    const outcome = await client.parse({ source: file('msnp15-login-911.log'), fileName: null, dialect: null }, () => undefined).promise;
    expect(outcome.kind).toBe('done');
    client.prepare();
    await new Promise((r) => setTimeout(r, 5));
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]?.received.map((m) => m.kind)).toEqual(['parse']);
  });

  test('a new parse supersedes the running one', async () => {
    const client = createParseClient({ parse: parseLog, createWorker: fake('ok') });
    const first = client.parse({ source: file('msnp15-login-911.log'), fileName: null, dialect: null }, () => undefined);
    const second = client.parse({ source: file('msnp12-cal-offline-713.log'), fileName: null, dialect: null }, () => undefined);
    expect(await first.promise).toEqual({ kind: 'cancelled' });
    const done = await second.promise;
    expect(done.kind === 'done' && done.result.stats.errorsByCode['713']).toBe(1);
  });

  test('without a Worker, the same pipeline runs on the main thread', async () => {
    const client = createParseClient({ parse: parseLog, createWorker: () => null });
    const outcome = await client.parse({ source: file('msnp15-login-911.log'), fileName: 'f.log', dialect: null }, () => undefined).promise;
    expect(outcome.kind === 'done' && outcome.via).toBe('main-thread');
    const direct = parseLog(sampleBytes('msnp15-login-911.log'), { fileName: 'f.log' });
    expect(outcome.kind === 'done' && dump(outcome.result)).toBe(dump(direct));
    expect(outcome.kind === 'done' && outcome.result.tables?.events.length).toBe(direct.events.length);
  });

  test('in node the default worker factory finds no Worker and falls back', async () => {
    const client = createParseClient({ parse: parseLog });
    const outcome = await client.parse({ source: file('msnp15-login-911.log'), fileName: null, dialect: null }, () => undefined).promise;
    expect(outcome.kind === 'done' && outcome.via).toBe('main-thread');
  });

  test('a worker that fails to start is dropped and the job redone on the main thread', async () => {
    const client = createParseClient({ parse: parseLog, createWorker: fake('broken') });
    const outcome = await client.parse({ source: file('msnp15-login-911.log'), fileName: null, dialect: null }, () => undefined).promise;
    expect(outcome.kind === 'done' && outcome.via).toBe('main-thread');
  });

  test('a result with a slice missing is refused, not shown half', async () => {
    const client = createParseClient({ parse: parseLog, createWorker: fake('lossy') });
    const outcome = await client.parse({ source: file('msnp15-login-911.log'), fileName: null, dialect: null }, () => undefined).promise;
    expect(outcome).toEqual({ kind: 'failed', message: 'The analysis arrived incomplete from the worker.' });
  });

  test('a parser failure is an outcome with a plain message, not a rejection', async () => {
    const client = createParseClient({
      parse: () => {
        throw new Error('out of memory');
      },
      createWorker: () => null,
    });
    const outcome = await client.parse({ source: new Blob(['x']), fileName: null, dialect: null }, () => undefined).promise;
    expect(outcome).toEqual({ kind: 'failed', message: 'The log could not be analysed: out of memory' });
  });
});
