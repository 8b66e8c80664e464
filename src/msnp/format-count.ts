/**
 * One thousands-separator formatter for the core's messages and the UI's counts. Fixed and locale-independent,
 * so detection reasons, snapshots and screenshots read the same on every machine.
 */

/** 1200 → "1,200". */
export function formatCount(n: number): string {
  const s = String(Math.trunc(n));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
