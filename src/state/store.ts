/**
 * The app's one zustand store, built from slices: `log` (what is loaded), `view` (exactly the URL state) and
 * `ui` (ephemeral). `createAppStore` makes an independent store (tests make one each); `appStore` /
 * `useAppStore` are the app's instance.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DialectId, ParseResult } from '../msnp/types';
import { createLogSlice, type LogSlice, type LogSliceDeps, type LogSource } from './log-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createViewSlice, type ViewSlice } from './view-slice';
import { DEFAULT_URL_STATE, type UrlState } from './url/url-state';
import { createDefaultDeps } from './default-deps';

export interface CrossSlice {
  /** Installs a fresh parse result and reconciles the view with it (internal to the log slice). */
  applyParsed(result: ParseResult, fingerprint: string, source: LogSource, dialect: DialectId | null): void;
}

export type AppState = LogSlice & ViewSlice & UiSlice & CrossSlice;
export type AppStore = StoreApi<AppState>;
export type StoreDeps = LogSliceDeps;

/**
 * How the view survives a new log:
 * - the first log of the page keeps the view (it came from the URL); if the link named another file, say so;
 * - the same file again (a dialect override) keeps the view;
 * - a different file after another resets the view.
 * A selection that does not exist in the new log is dropped, with a notice.
 */
export function reconcileView(
  view: UrlState,
  hadResult: boolean,
  previousFingerprint: string | null,
  result: ParseResult,
  fingerprint: string,
): { view: UrlState; notices: string[] } {
  const notices: string[] = [];
  let next: UrlState;
  if (!hadResult) {
    if (view.log !== null && view.log !== fingerprint) {
      notices.push('This file is not the one the link was made for; the view was restored as far as it fits.');
    }
    next = { ...view, log: fingerprint };
  } else if (previousFingerprint === fingerprint) {
    next = { ...view, log: fingerprint };
  } else {
    next = { ...DEFAULT_URL_STATE, log: fingerprint };
  }
  if (next.sel !== null && next.sel >= result.events.length) {
    notices.push(`Event ${next.sel} from the link does not exist in this log (it has ${result.events.length} ${result.events.length === 1 ? 'event' : 'events'}).`);
    next = { ...next, sel: null };
  }
  if (next.tconn !== null && !result.connections.some((c) => c.id === next.tconn)) next = { ...next, tconn: null };
  return { view: next, notices };
}

/**
 * A link (or Back/Forward) that changes the forced format of the log on screen re-reads that log: the URL is the
 * source of truth, and a view of a log read another way than the link says would not be the view shared. A view
 * made on another log (`log=` differs) leaves the loaded one alone.
 */
function followLinkFormat(s: AppState): void {
  if (s.source === null || s.phase === 'loading' || s.view.fmt === s.dialectOverride) return;
  if (s.view.log !== null && s.view.log !== s.fingerprint) return;
  void s.logActions.setDialect(s.view.fmt);
}

export function createAppStore(deps: StoreDeps): AppStore {
  const store = createStore<AppState>()((set, get, api) => ({
    ...createLogSlice(deps)(set, get, api),
    ...createViewSlice(set, get, api),
    ...createUiSlice(set, get, api),
    applyParsed(result, fingerprint, source, dialect) {
      const s = get();
      const reconciled = reconcileView(s.view, s.result !== null, s.fingerprint, result, fingerprint);
      // The view names the format the log on screen was read as, so a link taken now reads it the same way.
      const view = reconciled.view.fmt === dialect ? reconciled.view : { ...reconciled.view, fmt: dialect };
      set({ result, fingerprint, source, dialectOverride: dialect, view });
      for (const n of reconciled.notices) s.uiActions.addNotice(n.startsWith('Event') ? 'selection' : 'log-mismatch', n);
    },
  }));
  store.subscribe((s, prev) => {
    if (s.view.fmt !== prev.view.fmt) followLinkFormat(s);
  });
  return store;
}

let instance: AppStore | null = null;

/** The app's store, created on first use with the real worker client. */
export function getAppStore(): AppStore {
  instance ??= createAppStore(createDefaultDeps());
  return instance;
}

/** React hook over the app's store. Select narrowly; use `useShallow` for multi-field picks. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(getAppStore(), selector);
}
