/**
 * Dialect F, the Miranda NG network log (netlog). Records are `[HH:MM:SS TTTT] [ACCOUNT] text` (TTTT = thread
 * id). Traffic is a header record `(handle:socket) Data sent` / `… Data received` followed by the raw data on
 * the next lines: command line, then the payload (a blank line inside it is a CRLF of the payload). The log
 * hard-wraps every line at 90 columns, even inside tokens and XML, so physical lines are first joined back into
 * logical lines; the `(handle:socket)` pair names the connection.
 *
 * Example lines:
 *   [21:21:15 05B0] [MSN_1] (00E13870:1240) Data sent
 *   CNT 1 CON 116
 *   <connect><ver>2</ver><agent><os>winnt</os><osVer>5.2</osVer><proc>x86</proc><lcid>en-us</l
 *   cid></agent></connect>
 */
import { utf8Length } from '../decode';
import { hiddenPayload, measuredPayload } from '../payload';
import { tokenizeLine } from '../tokenize';
import type { Direction, EventFlag, Payload } from '../types';
import { notMsnpNote } from './line-engine';
import { allQuotesEnd, cleanMarkup, quotedBodyPrefix } from './markup';
import { Clock, countLines, messageFlags, NO_FLAGS, parseClock, Sink, sinkOf, type Dialect, type ReadInput, type ReadOutput } from './reader';

const WRAP_COLUMNS = 90;
/** `[21:21:15 05B0] [MSN_1] ` */
const RECORD = /^\[(\d\d:\d\d:\d\d) [0-9A-Fa-f]{4}\] \[[^\]]*\] /;
/** `(00E13870:1240) Data sent` */
const DATA = /^\(([0-9A-Fa-f]+:[0-9A-Fa-f]+)\) Data (sent|received)\s*$/;
/** `Connected with handle=00E13870`: the connection the next data block is sent on was just opened. */
const CONNECTED = /^Connected with handle=/;
const WRAPPED: readonly EventFlag[] = Object.freeze(['wrapped'] as const);

interface Logical {
  readonly first: number; // 0-based physical line
  readonly last: number;
  readonly text: string;
}

/**
 * Join 90-column hard wraps: a full-width line continues on the next non-empty line that starts no record. Under a
 * quote (`quote`, '' for none) the lines are what follows it: the log wrapped them before they were quoted.
 */
export function joinWrapped(sink: Sink, count: number, quote = '', first = 0): Logical[] {
  const lineText = (i: number): string => {
    const t = sink.lineText(i);
    return quote === '' ? t : t.slice(quotedBodyPrefix(t, quote));
  };
  const out: Logical[] = [];
  let i = first;
  while (i < count) {
    let text = lineText(i);
    let last = i;
    while (last + 1 < count && lineText(last).length >= WRAP_COLUMNS) {
      const next = lineText(last + 1);
      if (next === '' || RECORD.test(next)) break;
      text += next;
      last++;
    }
    out.push({ first: i, last, text });
    i = last + 1;
  }
  return out;
}

/**
 * The quote in front of the log's records when it was pasted quoted (`> `, `>`, `| `, nested), found on the first
 * record line; '' when its records are not quoted. One prefix for the file: a wrapped line may start with `>` (the
 * end of an XML tag), so a line is read under the quote only when it carries this very prefix.
 */
function recordQuote(sink: Sink, first: number, count: number): string {
  const n = Math.min(count, first + QUOTE_LOOKAHEAD);
  for (let i = first; i < n; i++) {
    const t = sink.lineText(i);
    if (RECORD.test(t)) return '';
    const q = allQuotesEnd(t);
    if (q > 0 && RECORD.test(t.slice(q))) return t.slice(0, q);
  }
  return '';
}

/** Lines looked at for the records' quote: detection saw records within its head of 2,000 lines. */
const QUOTE_LOOKAHEAD = 2000;

function readMiranda(input: ReadInput): ReadOutput {
  const sink = sinkOf(input);
  const first = input.firstLine ?? 0;
  const logical = joinWrapped(sink, input.lines.count, recordQuote(sink, first, input.lines.count), first);
  const clock = new Clock();
  let block: { direction: Direction; hint: string; time: number | null } | null = null;
  let k = 0;
  while (k < logical.length) {
    const l = logical[k];
    if (l === undefined) break;
    sink.progress(l.first);
    const rec = RECORD.exec(l.text);
    if (rec !== null) {
      const t = parseClock(rec[1] ?? '', 0);
      const time = t >= 0 ? clock.at(t) : null;
      const data = DATA.exec(l.text.slice(rec[0].length));
      block = data === null ? null : { direction: data[2] === 'sent' ? 'client' : 'server', hint: data[1] ?? '', time };
      if (data === null && CONNECTED.test(l.text.slice(rec[0].length))) {
        noiseRange(sink, l, 'connection-event');
        sink.markNewConnection();
      } else noiseRange(sink, l, data === null ? 'noise' : 'annotation', data === null ? undefined : 'data block header');
      k++;
      continue;
    }
    if (block === null || l.text.trim() === '') {
      noiseRange(sink, l, 'noise');
      k++;
      continue;
    }
    k = readBlockMessage(sink, logical, k, block);
  }
  return sink.output();
}

/** A command line inside a data block, with its payload lines; returns the next logical index. */
function readBlockMessage(sink: Sink, logical: readonly Logical[], k: number, block: { direction: Direction; hint: string; time: number | null }): number {
  const l = logical[k];
  if (l === undefined) return k + 1;
  const cleaned = cleanMarkup(l.text);
  const tokens = tokenizeLine(cleaned.text, block.direction);
  if (tokens === null) {
    noiseRange(sink, l, 'unreadable', notMsnpNote(cleaned.text));
    return k + 1;
  }
  let payload: Payload | null = null;
  let end = l.last;
  let next = k + 1;
  if (tokens.declaredBytes !== null) {
    const taken = takeBody(logical, k + 1, tokens.declaredBytes);
    payload = taken.payload;
    if (taken.next > k + 1) {
      end = logical[taken.next - 1]?.last ?? end;
      next = taken.next;
    }
  }
  let flags: readonly EventFlag[] = l.last > l.first || (payload !== null && end > l.last && spansWrap(logical, k + 1, next)) ? WRAPPED : NO_FLAGS;
  if (cleaned.markup) flags = [...flags, 'markup-removed'];
  flags = messageFlags(flags, tokens, sink.isInvalid(l.first), block.direction);
  sink.message({ line: l.first + 1, endLine: end + 1, direction: block.direction, connectionHint: block.hint, kindHint: null, time: block.time, flags }, tokens, cleaned.text, payload);
  return next;
}

function spansWrap(logical: readonly Logical[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const l = logical[k];
    if (l !== undefined && l.last > l.first) return true;
  }
  return false;
}

/** Payload lines of a data block: up to the next record, within the declared byte budget. */
function takeBody(logical: readonly Logical[], from: number, declared: number): { payload: Payload | null; next: number } {
  let consumed = 0;
  let sum = 0;
  let k = from;
  const parts: string[] = [];
  while (k < logical.length && consumed < declared) {
    const l = logical[k];
    if (l === undefined || RECORD.test(l.text)) break;
    const bytes = utf8Length(l.text);
    sum += bytes;
    consumed += bytes + 2;
    parts.push(l.text);
    k++;
  }
  if (k === from) return { payload: hiddenPayload(declared), next: from };
  const first = logical[from]?.first ?? 0;
  const last = logical[k - 1]?.last ?? first;
  return { payload: measuredPayload(declared, sum, k - from, parts.join('\r\n'), first + 1, last + 1), next: k };
}

function noiseRange(sink: Sink, l: Logical, reason: 'noise' | 'annotation' | 'unreadable' | 'connection-event', note?: string): void {
  for (let j = l.first; j <= l.last; j++) sink.noise(j, reason, j === l.first ? note : (note ?? 'wrapped continuation'));
}

export const mirandaDialect: Dialect = {
  id: 'miranda',
  name: 'Miranda NG network log',
  pattern: '[HH:MM:SS TTTT] [ACCOUNT] (handle:socket) Data sent|received',
  sniff: (head) => ({
    matched: countLines(head, (l) => /\) Data (?:sent|received)\s*$/.test(l) && RECORD.test(l)),
    shaped: countLines(head, (l) => RECORD.test(l)),
  }),
  read: readMiranda,
};
