/**
 * Whether a media query matches now, re-rendering when that changes. For the few layout choices CSS cannot make
 * alone (whether a disclosure starts open); the query text must match the one in app.css.
 */
import { useCallback, useSyncExternalStore } from 'react';

/** A window too short for the filters, the findings and the strip above a table of usable height (app.css). */
export const SHORT_WINDOW = '(height < 800px)';

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
