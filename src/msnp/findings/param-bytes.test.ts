import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../parse-log';
import type { EventStore } from '../event-store';
import { hashText, ParamBytes } from './param-bytes';

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
      if (p !== undefined && /^[\x20-\x7e]*$/.test(p)) expect(params.is(i, k, p)).toBe(true);
      expect(params.is(i, k, 'NOT-A-PARAM')).toBe(false);
    }
    // Equality against the previous event's params, both ways.
    if (i > 0) {
      const prev = store.paramsOf(i - 1);
      for (let k = 0; k < list.length; k++) {
        for (let m = 0; m < prev.length; m++) expect(params.equals(i, k, i - 1, m)).toBe(list[k] === prev[m]);
      }
    }
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
});
