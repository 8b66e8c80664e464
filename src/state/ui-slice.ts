/**
 * Ephemeral UI state that is not worth sharing: notices to show once, the hovered row, the scroll position.
 * (Column widths and similar purely visual state can stay in components.)
 */
import type { StateCreator } from 'zustand';
import type { EventId } from '../msnp/types';
import type { AppState } from './store';

export type NoticeKind = 'url' | 'log-mismatch' | 'selection' | 'load';

/** Notices about the link in the address bar: a new link makes them stale. */
export const LINK_NOTICE_KINDS: readonly NoticeKind[] = ['url', 'log-mismatch', 'selection'];

export interface Notice {
  readonly id: number;
  readonly kind: NoticeKind;
  readonly message: string;
}

export interface UiSlice {
  readonly notices: readonly Notice[];
  readonly hover: EventId | null;
  /** First visible row index of the timeline, for the overview strip's window. */
  readonly scrollRow: number;
  readonly visibleRows: number;
  readonly uiActions: {
    addNotice(kind: NoticeKind, message: string): void;
    dismissNotice(id: number): void;
    clearNotices(): void;
    /** Drops every notice of `kinds`, then adds `messages` as notices of `kind`. */
    replaceNotices(kinds: readonly NoticeKind[], kind: NoticeKind, messages: readonly string[]): void;
    setHover(id: EventId | null): void;
    setScroll(firstRow: number, visibleRows: number): void;
  };
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => {
  let nextId = 1;
  return {
    notices: [],
    hover: null,
    scrollRow: 0,
    visibleRows: 0,
    uiActions: {
      addNotice: (kind, message) =>
        set((s) =>
          // The same message twice (StrictMode mounts, Back then Forward) is shown once.
          s.notices.some((n) => n.message === message) ? s : { notices: [...s.notices, { id: nextId++, kind, message }] },
        ),
      dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
      clearNotices: () => set({ notices: [] }),
      replaceNotices: (kinds, kind, messages) =>
        set((s) => {
          const kept = s.notices.filter((n) => !kinds.includes(n.kind));
          const added = [...new Set(messages)].filter((m) => !kept.some((n) => n.message === m)).map((message) => ({ id: nextId++, kind, message }));
          return { notices: [...kept, ...added] };
        }),
      setHover: (hover) => set({ hover }),
      setScroll: (scrollRow, visibleRows) => set({ scrollRow, visibleRows }),
    },
  };
};
