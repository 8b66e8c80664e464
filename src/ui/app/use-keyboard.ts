/**
 * The timeline's keyboard: ↑/↓ or j/k move, Home/End and PageUp/PageDown jump, Enter opens, Esc closes, e/E
 * next/previous error, / focuses the filter, ? lists the shortcuts. One window listener; keys typed into fields
 * are left alone (except Esc). The transcript's list handles its own moves while it has the focus
 * (TranscriptView), and prevents them here.
 */
import { useEffect, useRef } from 'react';
import { toEventId, type EventId } from '../../msnp/types';
import { findNextError } from '../../state/selectors';
import { jumpTarget } from '../timeline/row-keys';
import { getAppStore } from '../../state/store';
import { assertNever } from '../../msnp/assert';
import { isJump, isTypingTarget, ownsJumpKeys, shortcutFor, type ShortcutAction } from './shortcuts';

export interface KeyboardHandlers {
  /** The rows the keys walk: the timeline's filtered rows, or the transcript's connection when it is shown. */
  readonly rows: () => Int32Array;
  readonly firstVisibleRow: () => number;
  /**
   * The rows in view, for PageUp/PageDown; null where the window's handler leaves Home/End and the pages alone
   * (the transcript's list takes them itself, the findings and accounts tabs show no rows).
   */
  readonly rowsInView: () => number | null;
  /** The tab shown lists rows (the timeline, the transcript); the findings and accounts tabs do not. */
  readonly showsRows: () => boolean;
  /** Shows the timeline: where e/E take the user from a tab without rows. */
  readonly showTimeline: () => void;
  readonly openDetail: (open: boolean) => void;
  /** Enter opened the details: the focus goes into them (a screen reader reads them). */
  readonly focusDetail: () => void;
  /** Esc closed the details: the focus goes back to the selected row. */
  readonly focusSelectedRow: () => void;
  readonly isDetailOpen: () => boolean;
  readonly focusFilter: () => void;
  readonly showHelp: (open: boolean) => void;
  readonly isHelpOpen: () => boolean;
  readonly reveal: (id: EventId) => void;
}

/** The event `step` rows away from the selection, skipping non-protocol lines; null at the ends. */
function neighbour(rows: Int32Array, sel: EventId | null, from: number, step: 1 | -1): EventId | null {
  let i = sel === null ? -1 : rows.indexOf(sel);
  if (i < 0) i = step === 1 ? from - 1 : from + 1;
  for (i += step; i >= 0 && i < rows.length; i += step) {
    const code = rows[i] ?? -1;
    if (code >= 0) return toEventId(code);
  }
  return null;
}

function run(action: ShortcutAction, h: KeyboardHandlers): boolean {
  const store = getAppStore();
  const s = store.getState();
  const select = (id: EventId | null): void => {
    if (id === null) return;
    s.viewActions.select(id);
    h.reveal(id);
  };
  switch (action) {
    case 'next':
    case 'prev':
      // A tab without rows keeps its arrows (they scroll it): a selection moved out of sight helps no one.
      if (!h.showsRows()) return false;
      select(neighbour(h.rows(), s.view.sel, h.firstVisibleRow(), action === 'next' ? 1 : -1));
      return true;
    case 'first':
    case 'last':
    case 'page-down':
    case 'page-up': {
      const rowsInView = h.rowsInView();
      if (rowsInView === null) return false;
      select(jumpTarget(action, { rows: h.rows(), selected: s.view.sel, firstInView: h.firstVisibleRow(), rowsInView }));
      return true;
    }
    case 'next-error':
    case 'prev-error':
      // "Go to the next error" from the findings or accounts tab goes to it on the timeline, where it is seen.
      if (!h.showsRows()) h.showTimeline();
      select(findNextError(store.getState(), action === 'next-error' ? 1 : -1));
      h.openDetail(true);
      return true;
    case 'open':
      if (!h.showsRows()) return false;
      if (s.view.sel === null) select(neighbour(h.rows(), null, h.firstVisibleRow(), 1));
      h.openDetail(true);
      h.focusDetail();
      return true;
    case 'close':
      if (h.isHelpOpen()) h.showHelp(false);
      else if (h.isDetailOpen()) {
        h.openDetail(false);
        h.focusSelectedRow();
      } else return false;
      return true;
    case 'focus-filter':
      h.focusFilter();
      return true;
    case 'help':
      h.showHelp(true);
      return true;
    case 'share':
      return false; // the share button (src/ui/share/ShareButton.tsx) listens for it and opens its dialog

    default:
      return assertNever(action, 'shortcut');
  }
}

export function useKeyboard(handlers: KeyboardHandlers, enabled: boolean): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      const action = shortcutFor(e);
      if (action === null || e.defaultPrevented) return;
      if (isTypingTarget(e.target) && action !== 'close') return;
      if (isJump(action) && ownsJumpKeys(e.target)) return;
      // Enter on a button, a link or a disclosure's summary means "press it", not "open the row".
      if (action === 'open' && e.target instanceof HTMLElement && e.target.closest('button, a, summary, [role="slider"]')) return;
      if (run(action, ref.current)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
