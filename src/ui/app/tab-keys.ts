/**
 * Arrow keys in the view tabs, as the WAI-ARIA tabs pattern has them: Left/Right move to the previous/next tab
 * (wrapping), Home/End to the first/last; the tabs are one stop in the Tab order (roving tabindex).
 */
export function tabAfterKey<T>(tabs: readonly T[], current: T, key: string): T | null {
  const at = tabs.indexOf(current);
  if (tabs.length === 0) return null;
  switch (key) {
    case 'ArrowRight':
      return tabs[(at + 1) % tabs.length] ?? null;
    case 'ArrowLeft':
      return tabs[(at - 1 + tabs.length) % tabs.length] ?? null;
    case 'Home':
      return tabs[0] ?? null;
    case 'End':
      return tabs[tabs.length - 1] ?? null;
    default:
      return null;
  }
}
