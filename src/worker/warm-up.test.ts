import { describe, expect, test } from 'vitest';
import { parseLog } from '../msnp/parse-log';
import { createRequestHandler, type Post } from './handle-request';
import type { FromWorker, ToWorker } from './protocol';
import { startWarmUp, WARM_UP_PLAN, WARM_UP_SHAPES, warmUpHandler, warmUpLog } from './warm-up';

describe('the warm-up logs', () => {
  // A warm-up log that some reader took for noise would warm nothing of the path a real log takes.
  test.each(WARM_UP_SHAPES)('%s: detected as its dialect, every message read, the findings rules reached', (shape) => {
    const r = parseLog(warmUpLog(shape, 20), {});
    expect(r.detection.dialect).toBe(shape);
    const reference = parseLog(warmUpLog('transcript', 20), {});
    expect(r.events.length).toBe(reference.events.length);
    // Only libpurple's own account lines are other output; nothing is left unreadable.
    expect(r.nonProtocol.filter((l) => l.reason !== 'noise' && l.reason !== 'blank')).toEqual([]);
    expect(r.nonProtocol.length).toBe(shape === 'libpurple' ? 20 : 0);
    const kinds = new Set(r.findings.map((f) => f.kind));
    for (const k of ['login-failed', 'rate-limit']) expect(kinds, k).toContain(k);
    expect(r.stats.errorsByCode).toMatchObject({ '713': expect.any(Number), '800': expect.any(Number), '911': expect.any(Number) });
  });

  test('payload lengths count the bytes of bodies with non-ASCII text: no length mismatch', () => {
    const r = parseLog(warmUpLog('transcript', 30), {});
    expect(r.diagnostics.filter((d) => d.kind === 'payload-length-mismatch')).toEqual([]);
    expect(r.events.some((e) => e.payload !== null && e.payload.text.includes('👍'))).toBe(true);
  });

  test('each step makes different sessions: a round starts where the last one ended', () => {
    const a = new TextDecoder().decode(warmUpLog('transcript', 5, 0));
    const b = new TextDecoder().decode(warmUpLog('transcript', 5, 5));
    expect(a).not.toBe(b);
    expect(b).toContain('@'); // the handles of sessions 5…9
    expect(a.split('\n').filter((l) => l.startsWith('>>> USR')).length).toBeGreaterThan(0);
  });
});

describe('startWarmUp', () => {
  const queue = (): { schedule: (s: () => void) => void; runAll: () => void; pending: () => number } => {
    const q: (() => void)[] = [];
    return {
      schedule: (s) => void q.push(s),
      runAll: () => {
        while (q.length > 0) q.shift()?.();
      },
      pending: () => q.length,
    };
  };

  test('runs every shape in every round, the short rounds first, one step per task', () => {
    const q = queue();
    const sizes: number[] = [];
    startWarmUp((b) => void sizes.push(b.length), q.schedule, { rounds: [1, 4, 4] });
    expect(sizes).toEqual([]); // nothing runs before its task
    expect(q.pending()).toBe(1);
    q.runAll();
    const shapes = WARM_UP_SHAPES.length;
    expect(sizes).toHaveLength(3 * shapes);
    expect(q.pending()).toBe(0);
    // The first round's logs are the short ones: each of its steps is smaller than any step after it.
    expect(Math.max(...sizes.slice(0, shapes))).toBeLessThan(Math.min(...sizes.slice(shapes)));
  });

  test('stop ends it before the next step', () => {
    const q = queue();
    let steps = 0;
    let settled = 0;
    const w = startWarmUp(() => void steps++, q.schedule, WARM_UP_PLAN, undefined, () => void settled++);
    q.schedule(() => w.stop()); // a real request, queued behind the first step
    q.runAll();
    expect(steps).toBe(1);
    expect(settled).toBe(0); // a real parse is under way: nothing more is done for the warm-up
  });

  test('once every step ran, it has its garbage collected (settle), then says it is done', () => {
    const q = queue();
    const order: string[] = [];
    startWarmUp(() => void order.push('step'), q.schedule, { rounds: [1] }, () => void order.push('done'), () => void order.push('settle'));
    q.runAll();
    expect(order).toEqual([...WARM_UP_SHAPES.map(() => 'step'), 'settle', 'done']);
  });

  test('through the request handler: every step is a parse request that parses, with no failure', () => {
    const posted: FromWorker[] = [];
    const handler = createRequestHandler({ parse: parseLog, now: () => performance.now(), progressIntervalMs: 50, chunkSize: 1000 });
    const seen: ToWorker[] = [];
    const spy = { handle: (m: ToWorker, post: Post): void => { seen.push(m); handler.handle(m, (out) => { posted.push(out); post(out); }); } };
    const q = queue();
    let done = false;
    warmUpHandler(spy, q.schedule, () => (done = true), { rounds: [1, 2] });
    q.runAll();
    expect(done).toBe(true);
    expect(seen).toHaveLength(2 * WARM_UP_SHAPES.length);
    expect(seen.every((m) => m.kind === 'parse' && m.id === 0)).toBe(true);
    // The handler answered each one (a result, no failure); the warm-up dropped the answers.
    expect(posted.filter((m) => m.kind === 'result')).toHaveLength(seen.length);
    expect(posted.filter((m) => m.kind === 'failure')).toEqual([]);
  });
});
