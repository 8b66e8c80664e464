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

/**
 * Where a forum quote in front of a line ends: `> ` once or nested (`> > `), each `>` followed by a space or tab
 * so that a `>>> ` arrow is never taken for one; `start` when there is none.
 */
export function quoteEnd(text: string, start: number): number {
  let p = start;
  while (text.charCodeAt(p) === 62) {
    const next = text.charCodeAt(p + 1);
    if (next !== 32 && next !== 9) break;
    p += 2;
  }
  return p;
}

/** Whether a line may carry page damage over its prefix: it starts with a quote `>`, an entity `&` or a U+FEFF. */
export function mayHideRecord(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 62 || c === 38 || c === 0xfeff;
}

/** The line the client wrote under a forum quote and HTML entities (for detection on the head lines). */
export function undamaged(line: string): string {
  const text = mayHaveMarkup(line) ? cleanMarkup(line).text : line;
  const q = quoteEnd(text, 0);
  return q === 0 ? text : text.slice(q);
}
