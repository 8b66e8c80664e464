/**
 * Mounts a screen in stages, one task each: on a million-event log every part of the workspace (counts, the
 * overview strip's axis, the findings' verdict and marks) costs tens of milliseconds to derive, and deriving them
 * all in the render that first shows the log makes one long task that freezes the page. The table comes first;
 * each later stage renders after a `setTimeout(0)`, so input and painting get a turn in between.
 * Starts over at stage 0 whenever `key` changes (a new log).
 */
import { useEffect, useState } from 'react';

export function useStagedMount(stages: number, key: unknown): number {
  const [state, setState] = useState({ key, stage: 0 });
  let stage = state.stage;
  if (state.key !== key) {
    stage = 0;
    setState({ key, stage: 0 });
  }
  useEffect(() => {
    if (stage >= stages) return;
    const t = setTimeout(() => setState((s) => (s.key === key ? { key, stage: s.stage + 1 } : s)), 0);
    return () => clearTimeout(t);
  }, [stage, stages, key]);
  return stage;
}
