/**
 * The view slice is exactly the URL state (url/url-state.ts): what the user sees and could share. Every
 * action returns a new UrlState; `use-url-sync.ts` mirrors it into the hash.
 */
import type { StateCreator } from 'zustand';
import { toConnectionId, type ConnectionId, type Direction, type ErrorClass, type EventId } from '../msnp/types';
import { FILTER_PRESETS, type FilterPreset } from './filter/filter-help';
import { DEFAULT_URL_STATE, ERROR_CLASSES, type AccountSortSpec, type SortSpec, type Tab, type UrlState } from './url/url-state';
import type { AppState } from './store';

export interface ViewSliceActions {
  /** Replaces the whole view (from the URL, or a restored link). */
  setView(view: UrlState): void;
  setQuery(q: string): void;
  toggleErrorClass(c: ErrorClass): void;
  setErrorClasses(classes: readonly ErrorClass[]): void;
  toggleCode(code: number): void;
  toggleCommand(command: string): void;
  setCommands(commands: readonly string[]): void;
  toggleConnection(id: ConnectionId): void;
  setConnections(ids: readonly ConnectionId[]): void;
  setDirection(dir: Direction | null): void;
  setErrorsOnly(on: boolean): void;
  setUnansweredOnly(on: boolean): void;
  setNonProtocol(on: boolean): void;
  setFinding(finding: string | null): void;
  /** Selects an event (opens its detail) or clears the selection. */
  select(id: EventId | null): void;
  setTab(tab: Tab): void;
  setTranscriptConnection(id: ConnectionId | null): void;
  setSort(sort: SortSpec): void;
  setAccountSort(sort: AccountSortSpec): void;
  setAccountQuery(query: string): void;
  /** Clears every filter (query, chips, toggles, finding); keeps selection, tab and sort. */
  clearFilters(): void;
  /**
   * Opens the timeline on every connection of one account (a server's log), and nothing else: the filters and
   * the finding in force before would hide part of them (a failed sign-in's finding, another account's error).
   */
  showAccount(account: string): void;
  /** Puts a preset's query in the search box. */
  applyPreset(id: FilterPreset['id']): void;
}

export interface ViewSlice {
  readonly view: UrlState;
  readonly viewActions: ViewSliceActions;
}

const NO_FILTERS = {
  q: '', err: [], codes: [], cmds: [], conns: [], dir: null, errorsOnly: false, unansweredOnly: false, finding: null,
} as const satisfies Partial<UrlState>;

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

const sortedStrings = <T extends string>(xs: readonly T[]): T[] => [...new Set(xs)].sort();

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => {
  const patch = (p: Partial<UrlState>): void => set((s) => ({ view: { ...s.view, ...p } }));
  const update = (f: (v: UrlState) => Partial<UrlState>): void => set((s) => ({ view: { ...s.view, ...f(s.view) } }));
  return {
    view: DEFAULT_URL_STATE,
    viewActions: {
      setView: (view) => set({ view }),
      setQuery: (q) => patch({ q }),
      toggleErrorClass: (c) => update((v) => ({ err: ERROR_CLASSES.filter((x) => toggle(v.err, c).includes(x)) })),
      setErrorClasses: (classes) => patch({ err: ERROR_CLASSES.filter((x) => classes.includes(x)) }),
      toggleCode: (code) => update((v) => ({ codes: toggle(v.codes, code).sort((a, b) => a - b) })),
      toggleCommand: (command) => update((v) => ({ cmds: sortedStrings(toggle(v.cmds, command.toUpperCase())) })),
      setCommands: (commands) => patch({ cmds: sortedStrings(commands.map((c) => c.toUpperCase())) }),
      toggleConnection: (id) => update((v) => ({ conns: sortedStrings(toggle(v.conns, id)) })),
      setConnections: (ids) => patch({ conns: sortedStrings(ids) }),
      setDirection: (dir) => patch({ dir }),
      setErrorsOnly: (errorsOnly) => patch({ errorsOnly }),
      setUnansweredOnly: (unansweredOnly) => patch({ unansweredOnly }),
      setNonProtocol: (nonProtocol) => patch({ nonProtocol }),
      setFinding: (finding) => patch({ finding }),
      select: (sel) => patch({ sel }),
      setTab: (tab) => patch({ tab }),
      setTranscriptConnection: (tconn) => patch({ tconn }),
      setSort: (sort) => patch({ sort }),
      setAccountSort: (accountSort) => patch({ accountSort }),
      setAccountQuery: (accountQuery) => patch({ accountQuery }),
      clearFilters: () => patch(NO_FILTERS),
      showAccount: (account) => patch({ ...NO_FILTERS, conns: [toConnectionId(account)], sel: null, tab: 'timeline' }),
      applyPreset: (id) => {
        const preset = FILTER_PRESETS.find((p) => p.id === id);
        if (preset) patch({ q: preset.query });
      },
    },
  };
};
