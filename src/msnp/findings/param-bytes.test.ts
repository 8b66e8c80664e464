import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../parse-log';
import type { EventStore } from '../event-store';
import { normalizeHandle } from './event-index';
import { hashText, MAX_SCAN, NO_PARAM, NOT_LISTED, ParamBytes } from './param-bytes';

/** Every fixture log of one folder under fixtures/msnp, parsed, with its store. */
function storesIn(dir: string): [string, EventStore][] {
  const root = join(process.cwd(), 'fixtures/msnp', dir);
  return readdirSync(root)
    .filter((f) => f.endsWith('.log'))
    .map((f): [string, EventStore] => {
      const store = parseLog(new Uint8Array(readFileSync(join(root, f))), { fileName: f }).tables?.events;
      if (store === undefined) throw new Error(`no columns for ${f}`);
      return [`${dir}/${f}`, store];
    });
}

function storeOfText(bytes: Uint8Array): EventStore {
  const store = parseLog(bytes, {}).tables?.events;
  if (store === undefined) throw new Error('no columns');
  return store;
}

/** Every answer of ParamBytes for every param of every event (and one past the last) against `paramsOf`. */
function expectSameAsParamsOf(store: EventStore): void {
  const params = new ParamBytes(store);
  for (let i = 0; i < store.length; i++) {
    const list = store.paramsOf(i);
    for (let k = 0; k <= list.length; k++) {
      const p = list[k];
      expect(params.at(i, k)).toBe(p);
      expect(params.has(i, k)).toBe(p !== undefined);
      expect(params.hash(i, k)).toBe(p === undefined ? -1 : hashText(p));
      if (p !== undefined && /^[\x20-\x7e]*$/.test(p)) {
        expect(params.is(i, k, p)).toBe(true);
        expect(params.oneOf(i, k, ['NOT-A-PARAM', p])).toBe(1);
      }
      expect(params.is(i, k, 'NOT-A-PARAM')).toBe(false);
      expect(params.oneOf(i, k, ['NOT-A-PARAM'])).toBe(p === undefined ? NO_PARAM : NOT_LISTED);
    }
    expectScanMatches(params, store, i, list);
    // Equality against the previous event's params, both ways.
    if (i > 0) {
      const prev = store.paramsOf(i - 1);
      for (let k = 0; k < list.length; k++) {
        for (let m = 0; m < prev.length; m++) expect(params.equals(i, k, i - 1, m)).toBe(list[k] === prev[m]);
      }
    }
  }
}

/** `scan` finds the params `paramsOf` lists (up to its limit), with the ranges and hashes of `at`/`hash`. */
function expectScanMatches(params: ParamBytes, store: EventStore, i: number, list: readonly string[]): void {
  const n = params.scan(i, MAX_SCAN);
  if (n < 0) return; // the bytes cannot say: callers read param by param
  expect(n).toBe(Math.min(list.length, MAX_SCAN));
  expect(params.scannedOf(i)).toBe(n);
  for (let t = 0; t < n; t++) {
    const text = list[t] ?? '';
    expect(store.source.text(params.tokenStart(t), params.tokenEnd(t))).toBe(text);
    expect(params.tokenHash(t)).toBe(hashText(text));
    expect(params.tokenHigh(t)).toBe(/[^\x00-\x7f]/.test(text));
    if (params.tokenIsNormalHandle(t)) expect(normalizeHandle(text)).toBe(text);
  }
}

describe('ParamBytes reads what paramsOf reads', () => {
  for (const dir of ['findings', 'findings/corpus', 'transcript', 'libpurple']) {
    it(`on every fixture log of ${dir}`, () => {
      const stores = storesIn(dir);
      expect(stores.length).toBeGreaterThan(0);
      for (const [, store] of stores) expectSameAsParamsOf(store);
    });
  }

  it('on params with non-ASCII and invalid UTF-8 bytes (compared and hashed as text)', () => {
    const enc = new TextEncoder();
    const head = enc.encode('>>> USR 1 jöe@x.com 1.2.3\n<<< JOI jöe@x.com Jöe\n>>> CAL 2 ');
    // 0xFF and 0xFE are both shown as U+FFFD: equal as text, unequal as bytes.
    const tail = enc.encode('\n<<< JOI ');
    const bytes = new Uint8Array([...head, 0xff, ...tail, 0xfe, 0x0a]);
    const store = storeOfText(bytes);
    expectSameAsParamsOf(store);
    const params = new ParamBytes(store);
    expect(params.equals(0, 0, 1, 0)).toBe(true);
    expect(params.equals(2, 0, 3, 0)).toBe(store.paramsOf(2)[0] === store.paramsOf(3)[0]);
  });

  it('scans params split on single spaces, empty ones included, and compares ranges on their bytes', () => {
    const store = storeOfText(new TextEncoder().encode('>>> XFR 20 SB 1.2.3.4:1863 CKI abc\n>>> USR 21 me@x.com  abc \n'));
    const params = new ParamBytes(store);
    expect(params.scan(0, 8)).toBe(4);
    expect(params.tokenIs(2, 'CKI')).toBe(true);
    const cookie = [params.tokenStart(3), params.tokenEnd(3)] as const;
    expect(params.scan(1, 8)).toBe(store.paramsOf(1).length);
    expect(params.scannedOf(0)).toBe(-1);
    expect(store.paramsOf(1)).toEqual(['me@x.com', '', 'abc', '']);
    expect(params.rangesEqual(params.tokenStart(2), params.tokenEnd(2), cookie[0], cookie[1])).toBe(1);
    expect(params.rangesEqual(params.tokenStart(0), params.tokenEnd(0), cookie[0], cookie[1])).toBe(0);
    expect(params.scan(1, 2)).toBe(2); // stops at the limit
  });

  it('tells a handle normalizeHandle leaves as it is from one it changes', () => {
    const store = storeOfText(new TextEncoder().encode('>>> REA 1 bob@x.com a\n>>> REA 2 1:bob@x.com a\n>>> REA 3 Bob@x.com a\n>>> REA 4 bob@x.com;{g} a\n'));
    const params = new ParamBytes(store);
    const normal = [0, 1, 2, 3].map((i) => params.scan(i, 1) === 1 && params.tokenIsNormalHandle(0));
    expect(normal).toEqual([true, false, false, false]);
    for (let i = 0; i < 4; i++) expect(normalizeHandle(store.paramsOf(i)[0] ?? '') === store.paramsOf(i)[0]).toBe(normal[i]);
  });
});
