/**
 * Free text of a table as one long lower-case string (`joined`) with `starts[i]` the offset of row i's text;
 * rows are separated by a NUL, so a search is a handful of native `indexOf` calls instead of a million
 * `includes` on a million strings. The joined text travels as UTF-8 bytes in a transferred buffer (a 60 MB
 * string would be copied by structured clone, on the main thread); `joinedText` decodes it once, on the first
 * text search.
 */

/** Separates rows inside the joined text; a search needle never matches across it. */
export const TEXT_SEPARATOR = '\u0000';

export interface TextColumn {
  readonly bytes: Uint8Array;
  /** `count + 1` offsets into the decoded string: row i's text is `joined.slice(starts[i], starts[i + 1] - 1)`. */
  readonly starts: Uint32Array;
}

const decoded = new WeakMap<TextColumn, string>();

/** The joined lower-case text of a column (decoded on first use, then cached). */
export function joinedText(col: TextColumn): string {
  let s = decoded.get(col);
  if (s === undefined) {
    // ignoreBOM: a row may start with U+FEFF, which is text (the default decoder would drop it at the start).
    s = new TextDecoder('utf-8', { ignoreBOM: true }).decode(col.bytes);
    decoded.set(col, s);
  }
  return s;
}

/** Lower-cases each piece on its own (lower-casing can change a string's length) and joins them. */
export function buildTextColumn(count: number, textAt: (i: number) => string): TextColumn {
  const parts: string[] = new Array<string>(count);
  const starts = new Uint32Array(count + 1);
  let at = 0;
  for (let i = 0; i < count; i++) {
    // A lone surrogate would not survive the UTF-8 round trip as itself, but as U+FFFD: same length.
    const t = textAt(i).toLowerCase();
    parts[i] = t;
    starts[i] = at;
    at += t.length + 1;
  }
  starts[count] = at;
  const joined = count === 0 ? '' : parts.join(TEXT_SEPARATOR) + TEXT_SEPARATOR;
  const col = { bytes: new TextEncoder().encode(joined), starts };
  decoded.set(col, joined);
  return col;
}

/**
 * Marks (`out[i] = 1`) every row whose text contains `needle` (already lower case). One `indexOf` per match over
 * the joined text; after a match the search resumes at the next row, so a row is found once.
 */
export function markTextMatches(col: TextColumn, needle: string, out: Uint8Array): void {
  const count = col.starts.length - 1;
  if (needle === '') {
    out.fill(1, 0, count);
    return;
  }
  if (needle.includes(TEXT_SEPARATOR)) return; // no row's own text holds the separator
  const { starts } = col;
  const joined = joinedText(col);
  let row = 0;
  let pos = joined.indexOf(needle);
  while (pos >= 0) {
    while (row + 1 <= count && (starts[row + 1] as number) <= pos) row++;
    out[row] = 1;
    if (row + 1 > count) break;
    pos = joined.indexOf(needle, starts[row + 1] as number);
  }
}
