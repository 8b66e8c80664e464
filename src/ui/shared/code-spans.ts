/**
 * Messages from the core and the filter parser mark log text and examples with backticks (`USR 2 SSO I …`).
 * The UI shows those spans as <code> elements built by React: split into text parts here, never turned into
 * HTML, because the quoted text is log content.
 */

export interface TextPart {
  readonly code: boolean;
  readonly text: string;
}

/**
 * `a \`b\` c` → text "a ", code "b", text " c". A backtick with no partner stays a literal backtick (a log line
 * may hold one), and an empty pair is kept as written.
 */
export function splitCodeSpans(s: string): TextPart[] {
  const parts: TextPart[] = [];
  let plain = '';
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf('`', i);
    if (open < 0) break;
    const close = s.indexOf('`', open + 1);
    if (close < 0) break;
    if (close === open + 1) {
      plain += s.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    plain += s.slice(i, open);
    if (plain !== '') parts.push({ code: false, text: plain });
    plain = '';
    parts.push({ code: true, text: s.slice(open + 1, close) });
    i = close + 1;
  }
  plain += s.slice(i);
  if (plain !== '') parts.push({ code: false, text: plain });
  return parts;
}

/** The same text without the backticks, for places that take a string (titles, accessible names). */
export function withoutCodeMarks(s: string): string {
  return splitCodeSpans(s)
    .map((p) => p.text)
    .join('');
}
