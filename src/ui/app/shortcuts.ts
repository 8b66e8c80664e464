/**
 * The keyboard map, as data: the `?` dialog lists exactly what the handler implements, from this one table.
 */
export type ShortcutAction =
  | 'next'
  | 'prev'
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

/** The action for a key press, or null. Modifier chords (Ctrl/Alt/Meta) are left to the browser. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>): ShortcutAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  return KEY_TO_ACTION[e.key] ?? null;
}
