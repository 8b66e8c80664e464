/**
 * Ephemeral UI state that is not worth sharing: notices to show once, the hovered row, the scroll position.
 * (Column widths and similar purely visual state can stay in components.)
 */
import type { StateCreator } from 'zustand';
import type { EventId } from '../msnp/types';
import type { AppState } from './store';

export type NoticeKind = 'url' | 'log-mismatch' | 'selection' | 'load';

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
      setHover: (hover) => set({ hover }),
      setScroll: (scrollRow, visibleRows) => set({ scrollRow, visibleRows }),
    },
  };
};
