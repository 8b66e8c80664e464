/**
 * One thousands-separator formatter for the core's messages and the UI's counts. Fixed and locale-independent,
 * so detection reasons, snapshots and screenshots read the same on every machine.
 */

/** 1200 → "1,200". */
export function formatCount(n: number): string {
  const s = String(Math.trunc(n));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1200, 'packet' → "1,200 packets"; 1 → "1 packet". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
