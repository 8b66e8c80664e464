import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor } from './shortcuts';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) =>
  shortcutFor({ key, ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, ...mods });

describe('shortcuts', () => {
  it('maps the documented keys', () => {
    expect(press('j')).toBe('next');
    expect(press('ArrowDown')).toBe('next');
    expect(press('k')).toBe('prev');
    expect(press('e')).toBe('next-error');
    expect(press('E')).toBe('prev-error');
    expect(press('/')).toBe('focus-filter');
    expect(press('?')).toBe('help');
    expect(press('Escape')).toBe('close');
    expect(press('s')).toBe('share');
    expect(press('x')).toBeNull();
  });
  it('maps Home/End and the page keys to the jumps', () => {
    expect(press('Home')).toBe('first');
    expect(press('End')).toBe('last');
    expect(press('PageDown')).toBe('page-down');
    expect(press('PageUp')).toBe('page-up');
  });
  it('leaves Shift+Home and friends to the browser (they extend a text selection), but E is Shift+e', () => {
    expect(press('Home', { shiftKey: true })).toBeNull();
    expect(press('End', { shiftKey: true })).toBeNull();
    expect(press('PageDown', { shiftKey: true })).toBeNull();
    expect(press('PageUp', { shiftKey: true })).toBeNull();
    expect(press('E', { shiftKey: true })).toBe('prev-error');
  });
  it('leaves browser chords alone', () => {
    expect(press('e', { ctrlKey: true })).toBeNull();
    expect(press('End', { ctrlKey: true })).toBeNull();
    expect(press('k', { metaKey: true })).toBeNull();
  });
  it('lists every action it handles in the help table', () => {
    const listed = new Set(SHORTCUTS.map((s) => s.action));
    for (const key of ['j', 'k', 'Home', 'End', 'PageDown', 'PageUp', 'Enter', 'Escape', 'e', 'E', '/', 's', '?']) {
      const action = press(key);
      expect(action).not.toBeNull();
      expect(listed.has(action ?? 'help')).toBe(true);
    }
  });
});
