/**
 * What every dialect reader shares: the decoded input it walks, the sink it fills (messages + non-protocol
 * lines, so every input line lands in exactly one of them), clock parsing with day roll-over, and the Dialect
 * interface the registry orders.
 */
import { charLineTable, invalidLinesOf, type LineTable } from '../decode';
import { NonProtocolStore, nonProtocolList } from '../event-store';
import type { LineSource } from '../line-source';
import { allQuotesEnd } from './markup';
import { paramsLookRedacted, type Tokens } from '../tokenize';
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
  /** The log's lines, decoded on demand from its bytes (line-prefixed dialects read only this). */
  readonly source: LineSource;
  /** The whole decoded text and its line table, built on first use, for readers that walk the text freely. */
  readonly text: string;
  readonly lines: LineTable;
  readonly invalidLines: ReadonlySet<number> | null;
  /** Called every few thousand lines with the count of lines read so far (progress). */
  readonly onLines?: (linesDone: number) => void;
  /** How many lines apart onLines is called (PROGRESS_EVERY_LINES when left out). */
  readonly progressEveryLines?: number;
  /**
   * Takes every message as it is read, in order; the output's `messages` then stays empty. parseLog streams
   * messages into the event builder this way so a million tokenized messages never coexist with their events.
   */
  readonly onMessage?: (m: TokenizedMessage) => void;
  /**
   * Where the reader starts (0-based line; default 0): a block of a file read with another dialect than the rest
   * (parse-log.ts readSegments). The source then ends where the block ends.
   */
  readonly firstLine?: number;
  /** The sink to fill instead of a new one: the blocks of one file share one, so its lines stay in file order. */
  readonly sink?: Sink;
}

/** A ReadInput over a source; the whole-text fields are computed once, when a reader first asks. */
export function readInput(source: LineSource, hooks: Pick<ReadInput, 'onLines' | 'progressEveryLines' | 'onMessage' | 'firstLine' | 'sink'> = {}): ReadInput {
  return {
    source,
    get text() {
      return charLineTable(source).text;
    },
    get lines() {
      return charLineTable(source).lines;
    },
    get invalidLines() {
      return invalidLinesOf(source);
    },
    ...hooks,
  };
}

export interface ReadOutput {
  readonly messages: TokenizedMessage[];
  /** Every non-protocol line, as a read-only array view over `nonProtocolStore`. */
  readonly nonProtocol: readonly NonProtocolLine[];
  readonly nonProtocolStore: NonProtocolStore;
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
  /**
   * The log is a server's: it holds the sessions of many clients, interleaved, one per connection (the findings
   * rebuild sign-ins per connection rather than as one client's sequence of attempts).
   */
  readonly serverLog?: boolean;
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

/**
 * Where the message's text sits in the source, so the event store can keep offsets instead of strings:
 * `rawOffset` is the char offset in line `line − 1` where raw starts when raw is that line's tail (else −1), and
 * `payloadInSource` says the payload text is its lines as the file has them.
 */
export interface SourceRef {
  readonly rawOffset: number;
  readonly payloadInSource: boolean;
}

const NOT_IN_SOURCE: SourceRef = { rawOffset: -1, payloadInSource: false };

/** A message as a reader hands it on: its params are cut from raw only if a later stage reads them. */
class ReadMessage implements TokenizedMessage {
  constructor(
    readonly line: number,
    readonly endLine: number,
    readonly direction: Direction | null,
    readonly connectionHint: string | null,
    readonly kindHint: ConnectionKind | null,
    readonly time: number | null,
    readonly command: string,
    readonly errorCode: number | null,
    readonly trId: number | null,
    private readonly tokens: Tokens,
    readonly raw: string,
    readonly payload: Payload | null,
    readonly flags: readonly EventFlag[],
    readonly trIdPlaceholder: boolean,
    readonly newConnection: boolean,
    readonly rawOffset: number,
    readonly payloadInSource: boolean,
  ) {}

  // `declare`: no field on the (many) messages without one; set on the rare line a papyon note names.
  declare switchboardSession?: string;

  get params(): readonly string[] {
    return this.tokens.params;
  }

  get paramsFrom(): number {
    // Params were read from the tokens' own line, which is raw unless a reader re-tokenized something else.
    return this.tokens.raw === this.raw ? this.tokens.paramsFrom : -1;
  }
}

/** The sink a reader fills: the one its input shares, else a new one. */
export function sinkOf(input: ReadInput): Sink {
  return input.sink ?? new Sink(input);
}

/** Collects the reader's output. Line arguments are 0-based indexes; stored numbers are 1-based. */
export class Sink {
  readonly messages: TokenizedMessage[] = [];
  readonly nonProtocolStore: NonProtocolStore;
  private newConnectionPending = false;
  /**
   * The line at or past which onLines is called next (never, without it). A threshold rather than a multiple of
   * the step: readers skip the lines of a payload, so a line number that is an exact multiple may never come by.
   */
  private nextProgressLine: number;
  constructor(private readonly input: ReadInput) {
    this.nonProtocolStore = new NonProtocolStore(input.source);
    this.nextProgressLine = input.onLines === undefined ? Number.POSITIVE_INFINITY : 0;
  }

  get nonProtocol(): readonly NonProtocolLine[] {
    return nonProtocolList(this.nonProtocolStore);
  }

  /** The output of a reader that used this sink. */
  output(): ReadOutput {
    return { messages: this.messages, nonProtocol: this.nonProtocol, nonProtocolStore: this.nonProtocolStore };
  }

  lineText(i: number): string {
    return this.input.source.line(i);
  }

  isInvalid(i: number): boolean {
    return this.input.source.isInvalid(i);
  }

  /** Record line i as non-protocol; blank lines are recognised here. `text` only when it is not line i as is. */
  noise(i: number, reason: NonProtocolReason, note?: string, text?: string): void {
    const t = text ?? this.lineText(i);
    const r: NonProtocolReason = reason === 'noise' && isBlank(t) ? 'blank' : reason;
    const override = text !== undefined && text !== this.lineText(i) ? text : undefined;
    this.nonProtocolStore.push(i + 1, r, note, override);
  }

  /**
   * The log says a new connection was opened (a connection-event line): the next client message is the first
   * of that connection (only a client speaks first on a fresh connection, so a server line in between is not).
   */
  markNewConnection(): void {
    this.newConnectionPending = true;
  }

  /** A plain (ASCII, markup-free) line that is not protocol: blank or noise, its text the line as is. */
  plainNoise(i: number, blank: boolean): void {
    this.nonProtocolStore.push(i + 1, blank ? 'blank' : 'noise');
  }

  /** Whether a message in this direction is the first on a connection the log just announced (consumes it). */
  takeNewConnection(direction: Direction | null): boolean {
    const newConnection = this.newConnectionPending && direction === 'client';
    if (newConnection) this.newConnectionPending = false;
    return newConnection;
  }

  /**
   * Record a tokenized message. `session`: the switchboard session a note of the log names for this (client) line
   * (see TokenizedMessage.switchboardSession).
   */
  message(meta: MessageMeta, tokens: Tokens, raw: string, payload: Payload | null, ref: SourceRef = NOT_IN_SOURCE, session: string | null = null): void {
    const newConnection = this.takeNewConnection(meta.direction) || session !== null;
    const message = new ReadMessage(
      meta.line, meta.endLine, meta.direction, meta.connectionHint, meta.kindHint, meta.time, tokens.command,
      tokens.errorCode, tokens.trId, tokens, raw, payload, meta.flags, tokens.trIdPlaceholder, newConnection,
      ref.rawOffset, ref.payloadInSource,
    );
    if (session !== null) message.switchboardSession = session;
    if (this.input.onMessage === undefined) this.messages.push(message);
    else this.input.onMessage(message);
  }

  progress(i: number): void {
    if (i >= this.nextProgressLine) this.reportLines(i);
  }

  private reportLines(i: number): void {
    this.nextProgressLine = i + (this.input.progressEveryLines ?? PROGRESS_EVERY_LINES);
    this.input.onLines?.(i);
  }
}

function isBlank(t: string): boolean {
  for (let k = 0; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== 0xfeff && c !== 0xa0 && c !== 12 && c !== 11) return t.trim() === '' || isQuotedBlank(t, k);
  }
  return true;
}

/**
 * An empty line of a quoted log: nothing but quote markers (`>`, `> >`, `>>`, `|`) and spaces from `k` on. A bare
 * arrow (`>>>`, an empty message the transcript reader reads itself) is not one.
 */
function isQuotedBlank(t: string, k: number): boolean {
  const c = t.charCodeAt(k);
  if (c !== 62 && c !== 124) return false;
  const end = allQuotesEnd(t.slice(k));
  if (end === 0 || t.slice(k + end).trim() !== '') return false;
  return !/^>>>\s*$/.test(t.slice(k));
}

/** Flags for a message: the reader's own plus redaction and invalid UTF-8, shared frozen array when none. */
export function messageFlags(base: readonly EventFlag[], tokens: Tokens, invalid: boolean, direction: Direction | null): readonly EventFlag[] {
  // Servers do send empty tokens (`CVR 2 … url  url `, `USR 7 OK … 0 `); clients never do, so there an empty
  // parameter is an address someone deleted before pasting.
  const redacted = paramsLookRedacted(tokens.raw, tokens.paramsFrom, direction === 'client', isRedactionPlaceholder);
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
  /**
   * −0, not 0: a double from the start. A log that runs past day 12 has times above 2³⁰ ms, the small-integer
   * range; code optimized on small-integer times was thrown away there (an overflow in the reading loop, then in
   * every stage that stores a time). Starting as a double, the times are doubles for the optimizer from the first
   * line. (−0 + ms is +ms, never −0.)
   */
  private offset = -0;
  at(ms: number): number {
    if (ms < 0) return this.last;
    // The roll-over is added (0 most of the time) rather than branched to: a branch first taken at the first
    // midnight, long after the reading loop was optimized, threw that code away (a deoptimization) mid-file.
    const roll = this.last >= 0 && ms + this.offset < this.last - 3_600_000 ? 86_400_000 : 0;
    this.offset += roll;
    const t = ms + this.offset;
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
