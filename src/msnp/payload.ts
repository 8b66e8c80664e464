/**
 * Payload attachment: after a header line that declares `len` bytes, take the body lines the log shows.
 *
 * Rules (msnp-protocol.md §1.2): the length counts UTF-8 bytes; on the wire every body line but possibly the
 * last ended with CRLF, so k shown lines account for sum(bytes) + 2·(k−1) or + 2·k bytes. Lines are taken while
 * the budget is not spent and the dialect says the line can be body text (an unprefixed line, an indented repr
 * line …); a log that does not show the body (libpurple, `<<< GCF 0 6501` followed by the next command) gets a
 * 'hidden' payload and no line is eaten. A shorter body is 'partial'; a longer one keeps the extra bytes so the
 * mismatch can be reported.
 */
import { utf8Length } from './decode';
import type { Payload } from './types';


/** A payload the log never prints. */
export function hiddenPayload(declaredBytes: number): Payload {
  return hiddenPayloadInto({ declaredBytes, visibility: 'hidden', shownBytes: null, text: '', firstLine: null, lastLine: null }, declaredBytes);
}

/** hiddenPayload written into `out` (a reader that hands the builder one reused object). */
export function hiddenPayloadInto(out: MutablePayload, declaredBytes: number): Payload {
  // An empty payload is shown in full: there is nothing to hide.
  out.declaredBytes = declaredBytes;
  out.visibility = declaredBytes === 0 ? 'full' : 'hidden';
  out.shownBytes = declaredBytes === 0 ? 0 : null;
  out.text = '';
  out.firstLine = null;
  out.lastLine = null;
  return out;
}

export type MutablePayload = { -readonly [K in keyof Payload]: Payload[K] };

/** A payload the tool summarised instead of printing (`[P2P message (1270 bytes)]`, `[payload]`). */
export function summaryPayload(declaredBytes: number, text: string, line: number): Payload {
  return { declaredBytes, visibility: 'summary', shownBytes: null, text, firstLine: line, lastLine: line };
}

export interface BodySource {
  readonly lineCount: number;
  /** UTF-8 bytes line `i` contributes as body text (after the dialect's un-escaping), or -1 if it is no body line. */
  bodyBytes(i: number): number;
  /** The text of body lines [first, last] for display. */
  bodyText(first: number, last: number): string;
  /**
   * When body line `i` is a line the log's writer put in place of bytes it did not show (a capture's
   * `[binary part not shown: 163 bytes; …]`), the count of bytes it stands for; else −1. When that count is what
   * the payload still lacks, the line ends it, and the payload is a summary, not a body to measure.
   */
  summaryBytesAt?(i: number): number;
}

export interface CollectedPayload {
  readonly payload: Payload;
  /** First line index after the body. */
  readonly next: number;
}

/** Take body lines starting at 0-based line `from`. Line numbers in the result are 1-based. */
export function collectPayload(declared: number, from: number, src: BodySource): CollectedPayload {
  const payload = hiddenPayload(declared);
  const next = collectPayloadInto(payload, declared, from, src);
  return { payload, next };
}

/**
 * collectPayload written into `out` (a reader that hands the builder one reused object: on a log that shows its
 * bodies, a payload and its wrapper per MSG line were the reading pass's largest garbage). Returns the first
 * line index after the body.
 */
export function collectPayloadInto(out: MutablePayload, declared: number, from: number, src: BodySource): number {
  // Nothing declared, nothing to take: hiddenPayloadInto says an empty payload is shown in full.
  if (declared === 0) {
    hiddenPayloadInto(out, 0);
    return from;
  }
  let consumed = 0;
  let sum = 0;
  let i = from;
  while (i < src.lineCount && consumed < declared) {
    const bytes = src.bodyBytes(i);
    if (bytes < 0) break;
    // The lines before it carried `consumed` bytes (each with its CRLF): the summary must stand for the rest.
    const stated = src.summaryBytesAt === undefined ? -1 : src.summaryBytesAt(i);
    if (stated >= 0 && consumed + stated === declared) return summaryInto(out, declared, from, i, src);
    sum += bytes;
    consumed += bytes + 2;
    i++;
  }
  const k = i - from;
  if (k === 0) {
    hiddenPayloadInto(out, declared);
    return from;
  }
  const shown = shownBytes(declared, sum, k);
  out.declaredBytes = declared;
  out.visibility = shown < declared ? 'partial' : 'full';
  out.shownBytes = shown;
  out.text = src.bodyText(from, i - 1);
  out.firstLine = from + 1;
  out.lastLine = i;
  return i;
}

/** The payload of lines [from, last] whose last line sums up what the log left out; returns the next line index. */
function summaryInto(out: MutablePayload, declared: number, from: number, last: number, src: BodySource): number {
  out.declaredBytes = declared;
  out.visibility = 'summary';
  out.shownBytes = null;
  out.text = src.bodyText(from, last);
  out.firstLine = from + 1;
  out.lastLine = last + 1;
  return last + 1;
}

/**
 * A payload shown on `k` lines holding `sum` bytes of text. Whether the wire had a CRLF after the last line is
 * unknown, so either count matching the declaration is taken; otherwise the count without it.
 */
export function measuredPayload(declared: number, sum: number, k: number, text: string, firstLine: number, lastLine: number): Payload {
  const shown = shownBytes(declared, sum, k);
  return { declaredBytes: declared, visibility: shown < declared ? 'partial' : 'full', shownBytes: shown, text, firstLine, lastLine };
}

function shownBytes(declared: number, sum: number, k: number): number {
  const withoutLast = sum + 2 * (k - 1);
  return withoutLast === declared || sum + 2 * k === declared ? declared : withoutLast;
}

/** A payload shown inline on the header's own line (documentation style: `QRY 10 x 32\r\n 4f2f…6e`). */
export function inlinePayload(declared: number, body: string, line: number): Payload {
  const shown = utf8Length(body);
  return {
    declaredBytes: declared,
    visibility: shown < declared ? 'partial' : 'full',
    shownBytes: shown,
    text: body,
    firstLine: line,
    lastLine: line,
  };
}
