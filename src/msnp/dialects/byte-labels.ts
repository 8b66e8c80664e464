/**
 * Connection labels read on bytes (`NS/1a2b`, `tcp12`), interned: dialects whose lines name their connection
 * (Escargot, captures) would otherwise cut a string per line for a name that repeats for thousands of lines.
 */

/**
 * Labels by their bytes, in a small table indexed by a hash of them and checked char by char: the connections of
 * a server log are busy in turns, and a string cut per line was the largest cost of reading one.
 */
const LABELS = 1024;
const labelNames: (string | undefined)[] = new Array<string | undefined>(LABELS).fill(undefined);

export function labelName(b: Uint8Array, from: number, to: number): string {
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) h = Math.imul(h ^ (b[k] ?? 0), 0x01000193);
  const slot = (h >>> 0) % LABELS;
  const cached = labelNames[slot];
  if (cached !== undefined && cached.length === to - from) {
    let same = true;
    for (let k = 0; k < cached.length && same; k++) same = cached.charCodeAt(k) === b[from + k];
    if (same) return cached;
  }
  const name = String.fromCharCode(...b.subarray(from, to));
  labelNames[slot] = name;
  return name;
}
