/**
 * What every dialect reader shares: the decoded input it walks, the sink it fills (messages + non-protocol
 * lines, so every input line lands in exactly one of them), clock parsing with day roll-over, and the Dialect
 * interface the registry orders.
 */
import type { LineTable } from '../decode';
import type { Tokens } from '../tokenize';
import type {
  ConnectionKind,
  DialectId,
  Direction,
  EventFlag,
  NonProtocolLine,
  NonProtocolReason,
  Payload,
  TokenizedMessage,
} from '../types';

export interface ReadInput {
  readonly text: string;
  readonly lines: LineTable;
  readonly invalidLines: ReadonlySet<number> | null;
  /** True when every char is ASCII: a UTF-8 byte count is then the char count (no per-char loop). */
  readonly asciiOnly?: boolean;
  /** Called every few thousand lines with the count of lines read so far (progress). */
  readonly onLines?: (linesDone: number) => void;
  /**
   * Takes every message as it is read, in order; the output's `messages` then stays empty. parseLog streams
   * messages into the event builder this way so a million tokenized messages never coexist with their events.
   */
  readonly onMessage?: (m: TokenizedMessage) => void;
}

export interface ReadOutput {
  readonly messages: TokenizedMessage[];
  readonly nonProtocol: NonProtocolLine[];
}

/** How many protocol lines of a dialect the head shows, and how many lines merely have its shape. */
export interface SniffResult {
  readonly matched: number;
  readonly shaped: number;
}

export interface Dialect {
  readonly id: DialectId;
  readonly name: string;
  /** What a protocol line of this dialect looks like, for the "nothing matched" explanation. */
  readonly pattern: string;
  sniff(head: readonly string[]): SniffResult;
  read(input: ReadInput): ReadOutput;
}

export const PROGRESS_EVERY_LINES = 16_384;
export const NO_FLAGS: readonly EventFlag[] = Object.freeze([]);

/** Where a message came from, besides its tokens. */
export interface MessageMeta {
  readonly line: number; // 1-based
  readonly endLine: number;
  readonly direction: Direction | null;
  readonly connectionHint: string | null;
  readonly kindHint: ConnectionKind | null;
  readonly time: number | null;
  readonly flags: readonly EventFlag[];
}

/** Collects the reader's output. Line arguments are 0-based indexes; stored numbers are 1-based. */
export class Sink {
  readonly messages: TokenizedMessage[] = [];
  readonly nonProtocol: NonProtocolLine[] = [];
  private newConnectionPending = false;
  constructor(private readonly input: ReadInput) {}

  lineText(i: number): string {
    return this.input.text.slice(this.input.lines.starts[i], this.input.lines.ends[i]);
  }

  isInvalid(i: number): boolean {
    return this.input.invalidLines !== null && this.input.invalidLines.has(i);
  }

  /** Record line i as non-protocol; blank lines are recognised here. */
  noise(i: number, reason: NonProtocolReason, note?: string, text?: string): void {
    const t = text ?? this.lineText(i);
    const r: NonProtocolReason = reason === 'noise' && t.trim() === '' ? 'blank' : reason;
    const entry: { line: number; text: string; reason: NonProtocolReason; note?: string; invalidUtf8?: boolean } = {
      line: i + 1,
      text: t,
      reason: r,
    };
    if (note !== undefined) entry.note = note;
    if (this.isInvalid(i)) entry.invalidUtf8 = true;
    this.nonProtocol.push(entry);
  }

  /**
   * The log says a new connection was opened (a connection-event line): the next client message is the first
   * of that connection (only a client speaks first on a fresh connection, so a server line in between is not).
   */
  markNewConnection(): void {
    this.newConnectionPending = true;
  }

  /** Record a tokenized message. */
  message(meta: MessageMeta, tokens: Tokens, raw: string, payload: Payload | null): void {
    const newConnection = this.newConnectionPending && meta.direction === 'client';
    if (newConnection) this.newConnectionPending = false;
    const message: TokenizedMessage = {
      line: meta.line,
      endLine: meta.endLine,
      direction: meta.direction,
      connectionHint: meta.connectionHint,
      kindHint: meta.kindHint,
      time: meta.time,
      command: tokens.command,
      errorCode: tokens.errorCode,
      trId: tokens.trId,
      params: tokens.params,
      raw,
      payload,
      flags: meta.flags,
      // Always present (false when not set) so every message object has one shape.
      trIdPlaceholder: tokens.trIdPlaceholder,
      newConnection,
    };
    if (this.input.onMessage === undefined) this.messages.push(message);
    else this.input.onMessage(message);
  }

  progress(i: number): void {
    if ((i & (PROGRESS_EVERY_LINES - 1)) === 0 && this.input.onLines) this.input.onLines(i);
  }
}

/** Flags for a message: the reader's own plus redaction and invalid UTF-8, shared frozen array when none. */
export function messageFlags(base: readonly EventFlag[], tokens: Tokens, invalid: boolean, direction: Direction | null): readonly EventFlag[] {
  let redacted = false;
  // Servers do send empty tokens (`CVR 2 … url  url `, `USR 7 OK … 0 `); clients never do, so there an empty
  // parameter is an address someone deleted before pasting.
  const emptyMeansRedacted = direction === 'client';
  for (const p of tokens.params) {
    if ((p.length === 0 && emptyMeansRedacted) || isRedactionPlaceholder(p)) {
      redacted = true;
      break;
    }
  }
  if (!redacted && !invalid) return base;
  const out = [...base];
  if (redacted) out.push('redacted');
  if (invalid) out.push('invalid-utf8');
  return out;
}

/** `XXXXXXYYYYY@…`, `*_***_**@…`, `<at>`, `<SNIP>`: what people type over an address before pasting. */
function isRedactionPlaceholder(p: string): boolean {
  const c = p.charCodeAt(0);
  if (c !== 42 && c !== 88 && c !== 60) return false; // '*', 'X', '<'
  return /^(?:\*[*_.]*@|X{4,}|<(?:at|snip|msn|email|removed|redacted))/i.test(p);
}

/** `HH:MM:SS` at `pos` → ms since midnight, or -1. */
export function parseClock(s: string, pos: number): number {
  if (pos + 8 > s.length || s.charCodeAt(pos + 2) !== 58 || s.charCodeAt(pos + 5) !== 58) return -1;
  const h = twoDigits(s, pos);
  const m = twoDigits(s, pos + 3);
  const sec = twoDigits(s, pos + 6);
  if (h < 0 || m < 0 || sec < 0 || h > 23 || m > 59 || sec > 60) return -1;
  return ((h * 60 + m) * 60 + sec) * 1000;
}

function twoDigits(s: string, pos: number): number {
  const a = s.charCodeAt(pos) - 48;
  const b = s.charCodeAt(pos + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Logs carry only HH:MM:SS: a jump back of more than an hour is the next day. */
export class Clock {
  private last = -1;
  private offset = 0;
  at(ms: number): number {
    if (ms < 0) return this.last;
    let t = ms + this.offset;
    if (this.last >= 0 && t < this.last - 3_600_000) {
      this.offset += 86_400_000;
      t += 86_400_000;
    }
    this.last = t;
    return t;
  }
  /** The latest time seen, or null before any. */
  current(): number | null {
    return this.last < 0 ? null : this.last;
  }
}

/** Count head lines matching a test (for sniffing). */
export function countLines(head: readonly string[], test: (line: string) => boolean): number {
  let n = 0;
  for (const line of head) if (test(line)) n++;
  return n;
}

/** Index of the first non-space char at or after `pos`. */
export function skipSpaces(s: string, pos: number): number {
  while (pos < s.length && (s.charCodeAt(pos) === 32 || s.charCodeAt(pos) === 9)) pos++;
  return pos;
}
