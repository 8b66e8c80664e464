/**
 * Whether a media query matches now, re-rendering when that changes. For the few layout choices CSS cannot make
 * alone (whether a disclosure starts open); the query text must match the one in app.css.
 */
import { useCallback, useSyncExternalStore } from 'react';

/** A window too short for the filters, the findings and the strip above a table of usable height (app.css). */
export const SHORT_WINDOW = '(height < 800px)';
/** A short window narrow enough that the detail pane opens below the table (app.css): the findings start folded. */
export const FOLD_FINDINGS_WINDOW = '(height < 800px) and (width < 1200px)';

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return () => undefined;
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  const read = (): boolean => typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
  return useSyncExternalStore(subscribe, read, () => false);
}
