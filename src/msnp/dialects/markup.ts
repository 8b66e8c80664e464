/**
 * Damage from the page a log was pasted into: forum BBCode (`[email]a@b.c[/email]`), markdown links
 * (`[http://x](http://x)`), HTML entities (`&gt;&gt;&gt;`, `&#65279;`) and stray zero-width no-break spaces.
 * Removing them gives back the line the client logged. A cheap character test skips clean lines.
 */

export interface Cleaned {
  readonly text: string;
  /** BBCode, markdown or a stray entity/BOM was removed. */
  readonly markup: boolean;
  /** `&gt;`/`&lt;`/`&amp;` … were decoded: the whole line was HTML-escaped. */
  readonly escaped: boolean;
}

// `[email]a@b.com[/email]`, `[url=http://x]text[/url]`, `[url]http://x[/url]`, `[b]x[/b]`
const BBCODE = /\[(email|url|b|i|u|quote|code)(?:=[^\]]*)?\]([^[]*)\[\/\1\]/gi;
// `[http://get.live.com](http://get.live.com)` → the link text
const MARKDOWN_LINK = /\[([^\]]+)\]\((?:https?:|mailto:)[^)\s]*\)/g;
// `&gt;`, `&#65279;`, `&#x3c;`
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,6}));/gi;
const NAMED: Readonly<Record<string, string>> = { gt: '>', lt: '<', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

/** Cheap pre-check: only lines with `[`, `&` or U+FEFF can carry markup. */
export function mayHaveMarkup(line: string): boolean {
  return line.indexOf('[') !== -1 || line.indexOf('&') !== -1 || line.indexOf('\uFEFF') !== -1;
}

/** Remove forum/HTML damage from one line. */
export function cleanMarkup(line: string): Cleaned {
  const hasBracket = line.indexOf('[') !== -1;
  const hasAmp = line.indexOf('&') !== -1;
  const hasBom = line.indexOf('\uFEFF') !== -1;
  if (!hasBracket && !hasAmp && !hasBom) return { text: line, markup: false, escaped: false };
  let text = line;
  let markup = false;
  let escaped = false;
  if (hasBom) {
    text = text.replace(/\uFEFF/g, '');
    markup = true;
  }
  if (hasBracket) {
    const before = text;
    text = text.replace(BBCODE, '$2').replace(MARKDOWN_LINK, '$1');
    if (text !== before) markup = true;
  }
  if (hasAmp) {
    text = text.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      const decoded = decodeEntity(dec, hex, name);
      if (decoded === null) return whole;
      if (decoded === '\uFEFF') {
        markup = true;
        return '';
      }
      escaped = true;
      return decoded;
    });
  }
  return { text, markup, escaped };
}

function decodeEntity(dec: string | undefined, hex: string | undefined, name: string | undefined): string | null {
  const code = dec !== undefined ? Number(dec) : hex !== undefined ? parseInt(hex, 16) : -1;
  if (code >= 0) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
  return name !== undefined ? (NAMED[name.toLowerCase()] ?? null) : null;
}

const GT = 62;
const BAR = 124;

/**
 * Where a forum quote in front of a line ends: `> ` once or nested (`> > `), each `>` followed by a space or tab
 * so that a `>>> ` arrow is never taken for one; `start` when there is none.
 */
export function quoteEnd(text: string, start: number): number {
  let p = start;
  while (text.charCodeAt(p) === GT) {
    const next = text.charCodeAt(p + 1);
    if (next !== 32 && next !== 9) break;
    p += 2;
  }
  return p;
}

/**
 * Where one quote level at `p` ends: a mail or forum quote marker (`>` or `|`) and the space or tab that may follow
 * it; −1 when there is no marker at `p`. A `>` right before another `>` is a level too (`>>> VER` quoted with a
 * bare `>` is `>>>> VER`): whether a run of `>` is quote or arrow is decided by whether the line matches under it,
 * one level at a time, so that an arrow is only eaten when it cannot be one.
 */
export function quoteLevelEnd(text: string, p: number): number {
  const c = text.charCodeAt(p);
  if (c !== GT && c !== BAR) return -1;
  const next = text.charCodeAt(p + 1);
  return next === 32 || next === 9 ? p + 2 : p + 1;
}

/** At most this many quote levels are looked under: a reply to a reply to a reply. */
export const MAX_QUOTE_LEVELS = 6;

/**
 * Where the record under a line's quote starts: quote levels (`> `, `>`, `| `) are taken off one at a time and the
 * line is matched after each, so `> >>> VER` is a quoted client line while the arrow of `>>> VER` stays an arrow
 * (a reader asks only about a line that did not match as it is). 0 when no level shows a record.
 */
export function quotedStart(line: string, matches: (text: string, from: number) => boolean): number {
  let p = 0;
  for (let k = 0; k < MAX_QUOTE_LEVELS; k++) {
    const n = quoteLevelEnd(line, p);
    if (n < 0) return 0;
    p = n;
    if (matches(line, p)) return p;
  }
  return 0;
}

/**
 * Where every quote level in front of a line ends (`> `, `>`, `| `, nested), for a dialect whose records never
 * start with `>` or `|` (papyon's start with `[` or `(`, its payload lines with spaces; a capture's summary line
 * with `[`): there no arrow can be eaten.
 */
export function allQuotesEnd(text: string): number {
  let p = 0;
  for (let k = 0; k < MAX_QUOTE_LEVELS; k++) {
    const n = quoteLevelEnd(text, p);
    if (n < 0) break;
    p = n;
  }
  return p;
}

/**
 * The line under its first `levels` quote levels (fewer when it has fewer), or null when it has no quote at all.
 * Detection reads the head this way at each depth, so that the depth the log was quoted at is tried as a whole.
 */
export function underQuote(line: string, levels: number): string | null {
  let p = 0;
  for (let k = 0; k < levels; k++) {
    const n = quoteLevelEnd(line, p);
    if (n < 0) break;
    p = n;
  }
  return p === 0 ? null : line.slice(p);
}

/**
 * How many bytes of a body line under a quote are the quote's, not the body's: the header's quote prefix when the
 * line starts with it; the whole line when it is that prefix without its trailing space (mail clients write an
 * empty quoted line as a bare `>`); else 0 (the quote stopped: the line is counted as it is).
 */
export function quotedBodyPrefix(line: string, quote: string): number {
  if (quote === '') return 0;
  if (line.startsWith(quote)) return quote.length;
  const bare = quote.trimEnd();
  return line === bare ? line.length : 0;
}

/** Whether a line may carry page damage over its prefix: it starts with a quote (`>`, `|`), an entity `&` or a U+FEFF. */
export function mayHideRecord(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === GT || c === BAR || c === 38 || c === 0xfeff;
}

/** The line the client wrote under a forum quote and HTML entities (for detection on the head lines). */
export function undamaged(line: string): string {
  const text = mayHaveMarkup(line) ? cleanMarkup(line).text : line;
  const q = quoteEnd(text, 0);
  return q === 0 ? text : text.slice(q);
}
