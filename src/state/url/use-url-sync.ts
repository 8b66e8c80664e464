/**
 * The only module that touches `history`, `hashchange` and `popstate` (like Firefox Profiler's UrlManager).
 * - On start, and on every hashchange/popstate: parse the hash → replace the view (notices for bad values).
 * - On every view change: serialize → write the hash, with `pushState` for navigation (selection, tab,
 *   transcript connection, finding) so Back undoes it, and `replaceState` for keystroke-level changes.
 * Serialized strings are compared before writing and before applying, so the two directions never loop.
 */
import { useEffect } from 'react';
import { getAppStore, type AppStore } from '../store';
import { parseUrlState, serializeUrlState } from './url-codec';
import type { UrlState } from './url-state';
import { LINK_NOTICE_KINDS } from '../ui-slice';

/** The part of `window` the sync needs; tests pass a fake. */
export interface UrlHost {
  readonly location: { readonly hash: string; readonly pathname: string; readonly search: string };
  readonly history: { pushState(data: unknown, unused: string, url: string): void; replaceState(data: unknown, unused: string, url: string): void };
  addEventListener(type: 'hashchange' | 'popstate', listener: () => void): void;
  removeEventListener(type: 'hashchange' | 'popstate', listener: () => void): void;
}

const MAX_SEEN_HASHES = 64;

const NAVIGATION_KEYS = ['sel', 'tab', 'tconn', 'finding'] as const satisfies readonly (keyof UrlState)[];

/** True when going from `a` to `b` is a navigation the Back button should undo. */
export function isNavigation(a: UrlState, b: UrlState): boolean {
  return NAVIGATION_KEYS.some((k) => a[k] !== b[k]);
}

/** Starts syncing; returns the function that stops it. */
export function startUrlSync(store: AppStore, host: UrlHost): () => void {
  let extra: Readonly<Record<string, string>> = {};

  const currentHash = (): string => (host.location.hash === '#' ? '' : host.location.hash);

  let lastApplied: string | null = null;
  /**
   * Hashes this page wrote or already applied: going back to one is not a new link. The most recent ones only:
   * a hash can carry a whole report, and every keystroke in the filter writes one.
   */
  const seen = new Set<string>();
  const remember = (hash: string): void => {
    seen.delete(hash);
    seen.add(hash);
    if (seen.size > MAX_SEEN_HASHES) seen.delete(seen.values().next().value ?? '');
  };
  /** True while a hash from the address bar is being applied: writing it back only canonicalizes it. */
  let applying = false;
  const applyHash = (): void => {
    // popstate and hashchange both fire for one Back: read each hash once.
    if (currentHash() === lastApplied) return;
    lastApplied = currentHash();
    const parsed = parseUrlState(lastApplied);
    extra = parsed.extra;
    const s = store.getState();
    const messages = parsed.notices.map((n) => n.message);
    // A new link: what was said about the previous one no longer applies. Back and Forward through entries
    // this page has seen are not a new link, so the notices stay.
    if (seen.has(lastApplied)) for (const m of messages) s.uiActions.addNotice('url', m);
    else s.uiActions.replaceNotices(LINK_NOTICE_KINDS, 'url', messages);
    remember(lastApplied);
    if (serializeUrlState(parsed.state) === serializeUrlState(s.view)) return;
    applying = true;
    try {
      s.viewActions.setView(parsed.state);
    } finally {
      applying = false;
    }
  };

  const write = (view: UrlState, previous: UrlState): void => {
    const hash = serializeUrlState(view, extra);
    if (hash === currentHash()) return;
    lastApplied = hash;
    remember(hash);
    // An empty hash is written as the bare path so the address bar shows no stray `#`.
    const url = hash === '' ? `${host.location.pathname}${host.location.search}` : hash;
    if (isNavigation(previous, view) && !applying) host.history.pushState(null, '', url);
    else host.history.replaceState(null, '', url);
  };

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.view !== prev.view) write(state.view, prev.view);
  });
  applyHash();
  host.addEventListener('hashchange', applyHash);
  host.addEventListener('popstate', applyHash);
  return () => {
    unsubscribe();
    host.removeEventListener('hashchange', applyHash);
    host.removeEventListener('popstate', applyHash);
  };
}

/**
 * Puts a hash in the address bar without a history entry and without applying it to the view (the caller has
 * set the view already), e.g. to drop a report token that is too long to keep. Lives here so that this module
 * stays the only one that writes history.
 */
export function replaceAddressHash(hash: string, host: Pick<UrlHost, 'history' | 'location'> = window): void {
  host.history.replaceState(null, '', hash === '' ? `${host.location.pathname}${host.location.search}` : hash);
}

/** Mount once, in App: keeps the app store's view and the address bar's hash in step. */
export function useUrlSync(store: AppStore = getAppStore()): void {
  useEffect(() => startUrlSync(store, window), [store]);
}
