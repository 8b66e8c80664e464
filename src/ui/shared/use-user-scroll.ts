import { useEffect, type RefObject } from 'react';

/** What the user does to scroll a list themselves: from then on a line the app scrolled to is no longer held. */
export const USER_SCROLL_EVENTS = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;

/**
 * Empties `held` when the user starts scrolling `scrollRef`'s element by hand. The timeline and the transcript
 * each keep a line they scrolled to in view while the space around them resizes, until then. Programmatic
 * writes and the browser's clamping fire `scroll` but none of these events, so they never let go.
 */
export function useLetGoOnUserScroll(scrollRef: RefObject<HTMLElement | null>, held: { current: unknown }): void {
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const letGo = (): void => {
      held.current = null;
    };
    for (const type of USER_SCROLL_EVENTS) el.addEventListener(type, letGo, { passive: true });
    return () => {
      for (const type of USER_SCROLL_EVENTS) el.removeEventListener(type, letGo);
    };
  }, [scrollRef, held]);
}
