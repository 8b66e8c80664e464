import { beforeEach, describe, expect, test } from 'vitest';
import { toEventId } from '../../msnp/types';
import { createTestStore } from '../test-support';
import type { AppStore } from '../store';
import { isNavigation, replaceAddressHash, startUrlSync, type UrlHost } from './use-url-sync';
import { DEFAULT_URL_STATE } from './url-state';

/** A browser-like history: a stack of hashes, Back/Forward, and the events the real one fires. */
class FakeHost implements UrlHost {
  entries: string[];
  index = 0;
  pushes = 0;
  replaces = 0;
  private readonly listeners = new Map<string, Set<() => void>>();
  constructor(initial: string) {
    this.entries = [initial];
  }
  get location() {
    return { hash: this.entries[this.index] ?? '', pathname: '/app/', search: '' };
  }
  readonly history = {
    pushState: (_d: unknown, _u: string, url: string) => {
      this.entries = [...this.entries.slice(0, this.index + 1), this.toHash(url)];
      this.index++;
      this.pushes++;
    },
    replaceState: (_d: unknown, _u: string, url: string) => {
      this.entries[this.index] = this.toHash(url);
      this.replaces++;
    },
  };
  addEventListener(type: string, l: () => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(l);
  }
  removeEventListener(type: string, l: () => void): void {
    this.listeners.get(type)?.delete(l);
  }
  back(): void {
    this.index--;
    this.fire('popstate');
    this.fire('hashchange');
  }
  forward(): void {
    this.index++;
    this.fire('popstate');
    this.fire('hashchange');
  }
  type(hash: string): void {
    this.entries = [...this.entries.slice(0, this.index + 1), hash];
    this.index++;
    this.fire('hashchange');
  }
  private fire(type: string): void {
    for (const l of this.listeners.get(type) ?? []) l();
  }
  private toHash(url: string): string {
    return url.startsWith('#') ? url : '';
  }
}

let store: AppStore;
beforeEach(() => {
  store = createTestStore();
});

describe('URL sync', () => {
  test('reads the hash on start, with notices for what it could not use', () => {
    const host = new FakeHost('#/transcript?v=1&q=cmd:CAL&sel=zz');
    startUrlSync(store, host);
    expect(store.getState().view).toEqual({ ...DEFAULT_URL_STATE, tab: 'transcript', q: 'cmd:CAL' });
    expect(store.getState().notices.map((n) => n.kind)).toEqual(['url']);
  });

  test('typing replaces the entry; selecting and switching tabs push one', () => {
    const host = new FakeHost('');
    startUrlSync(store, host);
    const a = store.getState().viewActions;
    a.setQuery('c');
    a.setQuery('cm');
    a.setQuery('cmd:CAL');
    expect(host.entries).toEqual(['#/timeline?v=1&q=cmd:CAL']);
    expect(host.replaces).toBe(3);
    a.select(toEventId(42));
    a.setTab('findings');
    expect(host.entries).toEqual([
      '#/timeline?v=1&q=cmd:CAL',
      '#/timeline?v=1&q=cmd:CAL&sel=42',
      '#/findings?v=1&q=cmd:CAL&sel=42',
    ]);
    expect(host.pushes).toBe(2);
  });

  test('Back and Forward restore the view, without writing history again', () => {
    const host = new FakeHost('');
    startUrlSync(store, host);
    const a = store.getState().viewActions;
    a.setQuery('is:error');
    a.select(toEventId(7));
    const writes = host.pushes + host.replaces;
    host.back();
    expect(store.getState().view).toEqual({ ...DEFAULT_URL_STATE, q: 'is:error' });
    host.forward();
    expect(store.getState().view.sel).toBe(7);
    expect(host.pushes + host.replaces).toBe(writes);
  });

  test('a hand-written hash is rewritten in canonical form in place, not as a new entry', () => {
    const host = new FakeHost('#/timeline?sel=3&q=x');
    startUrlSync(store, host);
    expect(host.entries).toEqual(['#/timeline?v=1&q=x&sel=3']);
    expect(host.pushes).toBe(0);
  });

  test('a hash typed into the address bar is applied', () => {
    const host = new FakeHost('');
    startUrlSync(store, host);
    host.type('#/timeline?v=1&err=8xx');
    expect(store.getState().view.err).toEqual(['8xx']);
  });

  test("a new link replaces the previous link's notices instead of adding to them", () => {
    const host = new FakeHost('#/timeline?v=1&sel=zz');
    startUrlSync(store, host);
    store.getState().uiActions.addNotice('log-mismatch', 'This file is not the one the link was made for.');
    store.getState().uiActions.addNotice('load', 'A load notice that is not about the link.');
    host.type('#/timeline?v=99&log=zz');
    const messages = (): string[] => store.getState().notices.map((n) => n.message);
    expect(messages()).toEqual([
      'A load notice that is not about the link.',
      'This link was made by a newer version (v99); only the parts this version understands are used.',
      'Ignored log=zz: not a log fingerprint.',
    ]);
    host.type('#/nonsense');
    expect(messages()).toEqual(['A load notice that is not about the link.', 'There is no “nonsense” view; showing the timeline.']);
    host.type('#/timeline?v=1&q=x');
    expect(messages()).toEqual(['A load notice that is not about the link.']);
  });

  test("Back and Forward through the page's own entries keep the link's notices", () => {
    const host = new FakeHost('#/timeline?v=1&sel=zz');
    startUrlSync(store, host);
    store.getState().uiActions.addNotice('log-mismatch', 'This file is not the one the link was made for.');
    store.getState().viewActions.select(toEventId(3));
    host.back();
    host.forward();
    expect(store.getState().notices.map((n) => n.kind)).toEqual(['url', 'log-mismatch']);
  });

  test('back to the default view writes the bare path, and stopping unsubscribes', () => {
    const host = new FakeHost('#/timeline?v=1&q=x');
    const stop = startUrlSync(store, host);
    store.getState().viewActions.setQuery('');
    expect(host.location.hash).toBe('');
    stop();
    store.getState().viewActions.setQuery('later');
    expect(host.location.hash).toBe('');
  });

  test('replaceAddressHash rewrites the current entry in place, and an empty hash as the bare path', () => {
    const host = new FakeHost('#/timeline?v=1&report=abc');
    replaceAddressHash('#/timeline?v=1&log=0badf00d', host);
    expect(host.entries).toEqual(['#/timeline?v=1&log=0badf00d']);
    expect(host.pushes).toBe(0);
    replaceAddressHash('', host);
    expect(host.location.hash).toBe('');
    expect(host.replaces).toBe(2);
  });

  test('isNavigation: selection, tab, transcript connection and finding are navigation; filters are not', () => {
    const d = DEFAULT_URL_STATE;
    expect(isNavigation(d, { ...d, sel: toEventId(1) })).toBe(true);
    expect(isNavigation(d, { ...d, tab: 'findings' })).toBe(true);
    expect(isNavigation(d, { ...d, finding: 'rate-limit-1' })).toBe(true);
    expect(isNavigation(d, { ...d, q: 'x', err: ['8xx'] })).toBe(false);
  });
});
