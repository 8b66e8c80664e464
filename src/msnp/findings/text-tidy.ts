/**
 * Whitespace tests for texts built from pieces: whether `s.replace(/\s+/g, ' ').trim()` would change a text can
 * be told from its pieces taken from the log, without scanning the text (rate-limit-text.ts).
 */

/** True when `s` can sit between two single spaces without anything to collapse: a non-empty word run, no edge space. */
export function isTidy(s: string): boolean {
  return s.length > 0 && !isJsWhitespace(s.charCodeAt(0)) && !isJsWhitespace(s.charCodeAt(s.length - 1)) && !mayCollapse(s);
}

export function allTidy(list: readonly string[]): boolean {
  for (let k = 0; k < list.length; k++) if (!isTidy(list[k] ?? '')) return false;
  return true;
}

/**
 * `/\s\s|[^\S ]/.test(s)` (whitespace that `\s+` → ' ' would change: a run of two or more, or one that is not a
 * plain space) decided on char codes (the regex cost microseconds per narrative, and narratives hold
 * non-ASCII punctuation): a whitespace char that is not a plain space, or a space followed by whitespace.
 */
export function mayCollapse(s: string): boolean {
  for (let x = 0; x < s.length; x++) {
    const c = s.charCodeAt(x);
    if (c === 32) {
      if (isJsWhitespace(s.charCodeAt(x + 1))) return true;
    } else if (isJsWhitespace(c)) return true;
  }
  return false;
}

/**
 * What `\s` matches: ASCII tab…CR and space, NBSP, the ogham space, U+2000–U+200A, the line and paragraph
 * separators, U+202F, U+205F, U+3000 and the BOM.
 */
function isJsWhitespace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
