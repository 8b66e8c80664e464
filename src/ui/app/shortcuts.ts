/**
 * The keyboard map, as data: the `?` dialog lists exactly what the handler implements, from this one table.
 */
export type ShortcutAction =
  | 'next'
  | 'prev'
  | 'first'
  | 'last'
  | 'page-down'
  | 'page-up'
  | 'open'
  | 'close'
  | 'next-error'
  | 'prev-error'
  | 'focus-filter'
  | 'share'
  | 'help';

export interface Shortcut {
  readonly keys: readonly string[];
  readonly action: ShortcutAction;
  readonly description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['↓', 'j'], action: 'next', description: 'Select the next row' },
  { keys: ['↑', 'k'], action: 'prev', description: 'Select the previous row' },
  { keys: ['Home'], action: 'first', description: 'Select the first row' },
  { keys: ['End'], action: 'last', description: 'Select the last row' },
  { keys: ['Page Down'], action: 'page-down', description: 'Move the selection a screen’s worth down' },
  { keys: ['Page Up'], action: 'page-up', description: 'Move the selection a screen’s worth up' },
  { keys: ['Enter'], action: 'open', description: 'Open the selected row’s details' },
  { keys: ['Esc'], action: 'close', description: 'Close the details (or this dialog)' },
  { keys: ['e'], action: 'next-error', description: 'Go to the next error' },
  { keys: ['E'], action: 'prev-error', description: 'Go to the previous error (Shift+e)' },
  { keys: ['/'], action: 'focus-filter', description: 'Focus the filter box' },
  { keys: ['s'], action: 'share', description: 'Share a redacted report (opens the share dialog)' },
  { keys: ['?'], action: 'help', description: 'Show this list of shortcuts' },
];

const KEY_TO_ACTION: Readonly<Record<string, ShortcutAction>> = {
  ArrowDown: 'next',
  j: 'next',
  ArrowUp: 'prev',
  k: 'prev',
  Home: 'first',
  End: 'last',
  PageDown: 'page-down',
  PageUp: 'page-up',
  Enter: 'open',
  Escape: 'close',
  e: 'next-error',
  E: 'prev-error',
  '/': 'focus-filter',
  s: 'share',
  '?': 'help',
};

/** True when the key goes to a text field or a control that uses it, not to the shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

/** The moves that jump more than one row: with Shift held, a browser extends a text selection with these keys. */
const JUMPS: ReadonlySet<ShortcutAction> = new Set(['first', 'last', 'page-down', 'page-up']);

/**
 * The action for a key press, or null. Modifier chords (Ctrl/Alt/Meta) are left to the browser, and so are
 * Shift+Home/End/PageUp/PageDown (Shift matters for nothing else: `E` is Shift+e).
 */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey'>): ShortcutAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const action = KEY_TO_ACTION[e.key] ?? null;
  return action !== null && e.shiftKey && JUMPS.has(action) ? null : action;
}

/**
 * Elements that scroll or step with Home/End/PageUp/PageDown themselves (a dialog, the overview strip's slider,
 * the detail pane marked with data-page-keys="own"): there those keys keep their usual meaning.
 */
const OWNS_JUMP_KEYS = '[role="dialog"], [role="slider"], [data-page-keys="own"]';

/** True when a jump key (Home/End/PageUp/PageDown) pressed on `target` belongs to the element, not to the rows. */
export function ownsJumpKeys(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(OWNS_JUMP_KEYS) !== null;
}

export function isJump(action: ShortcutAction): boolean {
  return JUMPS.has(action);
}
