/**
 * Verbs as small dense numbers. An MSNP verb is three upper-case letters or three digits (`MSG`, `911`), so it
 * fits a number in 0..36³−1 computed from its char codes with no look-up at all. Tables indexed by that number
 * replace the Maps and Sets the per-message stages used to consult: on a million messages each Map look-up
 * (~50 ns) per stage added up to a large share of the parse.
 */

/** How many verb codes there are: [0-9A-Z]³. */
export const VERB_CODE_COUNT = 36 * 36 * 36;

/** 0–9 for a digit, 10–35 for an upper-case letter, −1 for anything else. */
function digit36(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

/** The code of three char codes, or −1 when one of them is not a digit or an upper-case letter. */
export function verbCodeOfChars(a: number, b: number, c: number): number {
  const x = digit36(a);
  const y = digit36(b);
  const z = digit36(c);
  return x < 0 || y < 0 || z < 0 ? -1 : x * 1296 + y * 36 + z;
}

/** The code of a verb string, or −1 for anything that is not three chars of [0-9A-Z]. */
export function verbCode(verb: string): number {
  return verb.length === 3 ? verbCodeOfChars(verb.charCodeAt(0), verb.charCodeAt(1), verb.charCodeAt(2)) : -1;
}

const strings: (string | undefined)[] = new Array<string | undefined>(VERB_CODE_COUNT).fill(undefined);

/** One string per verb code, made once (a code from `verbCodeOfChars`, so a valid one). */
export function verbOfCode(code: number, a: number, b: number, c: number): string {
  let s = strings[code];
  if (s === undefined) {
    s = internalized(String.fromCharCode(a, b, c));
    strings[code] = s;
  }
  return s;
}

/**
 * The engine's internalized copy of a string (property names are internalized): the stages compare verbs with
 * literals (`m.command === 'OUT'`) millions of times, and two internalized strings compare by identity.
 */
function internalized(s: string): string {
  const o: Record<string, number> = {};
  o[s] = 0;
  return Object.keys(o)[0] ?? s;
}

/**
 * A per-verb yes/no property computed once per code and then read by index, one byte per code (0 not computed
 * yet, 1 no, 2 yes): `verbPredicate((v) => SET.has(v))` turns a Set look-up per message into a read of one small
 * array (46 KB). Verbs without a code (not [0-9A-Z]³) are computed each time.
 */
export function verbPredicate(compute: (verb: string) => boolean): (verb: string) => boolean {
  const table = new Uint8Array(VERB_CODE_COUNT);
  return (verb) => {
    const code = verbCode(verb);
    if (code < 0) return compute(verb);
    const known = table[code] ?? 0;
    if (known !== 0) return known === 2;
    const v = compute(verb);
    table[code] = v ? 2 : 1;
    return v;
  };
}
