/**
 * Stage: pair every client command with the server line(s) answering it.
 *
 * Transactions are keyed by (connection, TrId): TrId spaces are per connection. The rules of
 * msnp-protocol.md §3 on top of "first line with the TrId closes it":
 * - a reused TrId pairs with the latest open command (the seed's six `CAL 5` lines each get their own 216/713);
 * - `ANS t` collects `IRO t` rows and closes at `ANS t OK`;
 * - after `CHG t` / `ADD t` / `ADC t` / `ADL t` answered, `ILN t` lines still join it; after `SYN t`, the sync
 *   lines join it (with the TrId up to MSNP7, without it from MSNP8); `FQY t` may be answered repeatedly;
 * - `MSG t U` expects nothing, `MSG t N` only a NAK, `MSG t A|D` an ACK, NAK or 282;
 * - `PNG` (no TrId) is answered by `QNG` in FIFO order;
 * - asynchronous server lines (no TrId, or TrId 0 unless the client itself used TrId 0 for that verb) never
 *   close a transaction; `CHL 0` is one of them, the client's `QRY` on a new TrId is an ordinary command.
 * Works on indices and typed arrays: it runs on millions of messages.
 */
import { copyToArray, IntColumn } from './int-column';
import { TrIdIndex } from './trid-index';
import { firstParamIs, type ReplyStatus, type TokenizedMessage } from './types';
import {
  isContinuation, VERB_ASYNC_SERVER, VERB_ERROR, VERB_HAS_CONTINUATIONS, VERB_SYN_BURST, verbTraits,
} from './verb-roles';

export interface Pairing {
  /** Index of the command a server line answers, or -1. */
  readonly replyTo: Int32Array;
  /** Replies of each command, in order; undefined when none. */
  readonly replies: (number[] | undefined)[];
  readonly status: ReplyStatus[];
  /** Server replies (TrId or error code, or QNG) whose command is not in the log. */
  readonly orphans: number[];
  /** [earlier, later]: a command reused a TrId while an earlier command with it was still open. */
  readonly duplicates: [number, number][];
}

/** (connection, TrId) → message index. */
class TrIdTable {
  // One hash table for every connection (int-pair-map.ts): a look-up per message, no Map per connection. Keys are
  // deleted when a transaction closes: a table that kept every TrId ever used held a million entries. A connection
  // that keeps thousands of commands open (none answered) gets an array by TrId instead (trid-index.ts).
  private readonly map = new TrIdIndex();

  get(conn: number, trId: number): number | undefined {
    const v = this.map.get(conn, trId);
    return v < 0 ? undefined : v;
  }

  set(conn: number, trId: number, value: number): void {
    this.map.set(conn, trId, value);
  }

  /** set, returning the previous value (undefined when none). */
  swap(conn: number, trId: number, value: number): number | undefined {
    const v = this.map.put(conn, trId, value);
    return v < 0 ? undefined : v;
  }

  /** Remove the key; true when it was there. */
  clear(conn: number, trId: number): boolean {
    return this.map.delete(conn, trId);
  }
}

/** What pairing reads back about an earlier message, by index: its verb and TrId (the event store has both). */
export interface EarlierMessages {
  commandOf(i: number): string;
  trIdOf(i: number): number | null;
}

const STATUS: readonly ReplyStatus[] = ['not-a-command', 'answered', 'error', 'unanswered', 'no-reply-expected'];
const NOT_A_COMMAND = 0;
const ANSWERED = 1;
const ERROR = 2;
const UNANSWERED = 3;
const NO_REPLY_EXPECTED = 4;

/** A status code of the Pairer's `status` column as a ReplyStatus (codes follow event-store's STATUS_CODES). */
export const statusName = (code: number): ReplyStatus => STATUS[code] ?? 'not-a-command';

/** Where pairing writes what it decides: the event store's columns, or plain columns (`pairTransactions`). */
export interface PairOutput {
  setReplyTo(i: number, cmd: number): void;
  /** A status code (see `statusName`). */
  setStatus(i: number, status: number): void;
}

class ColumnOutput implements PairOutput {
  readonly replyTo = new IntColumn(-1);
  readonly status = new IntColumn(NOT_A_COMMAND);
  setReplyTo(i: number, cmd: number): void {
    this.replyTo.set(i, cmd);
  }
  setStatus(i: number, status: number): void {
    this.status.set(i, status);
  }
}

/** One byte per message: whether a command is still waiting for its reply. */
class ByteColumn {
  private data = new Uint8Array(1024);
  get(i: number): number {
    return this.data[i] ?? 0;
  }
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const next = new Uint8Array(Math.max(i + 1, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[i] = v;
  }
}

/**
 * Pairs messages one at a time, in log order (`add`): the reading stage can hand each message over as soon as it
 * is read, so the tokenized messages never pile up. Earlier messages are looked up in `earlier` by index.
 */
export class Pairer {
  /**
   * In a typed column: a grep of a server log for `800` is a million replies whose command is not in the log, and a
   * plain array pushed to a million entries cost a tenth of a second of fresh pages and regrowth copies.
   */
  private readonly orphanIds = new IntColumn(0);
  readonly duplicates: [number, number][] = [];
  /** (conn, TrId) → latest open command; older open ones are chained through `prevOpen`. */
  private readonly open = new TrIdTable();
  /** Only commands that reused an open TrId have one: a map, not a column. */
  private readonly prevOpen = new Map<number, number>();
  private readonly isOpen = new ByteColumn();
  /** (conn, TrId) → answered command that may still receive continuation lines (ILN, LST, FQY). */
  private readonly answered = new TrIdTable();
  /**
   * Per connection: how many keys it has in `answered`. A long log's answered CHG/ADL/SYN stay there for good, so
   * the table is never empty; the switchboards, where most lines are, have none, and skip the look-ups.
   */
  private readonly answeredOn = new IntColumn(0, 64);
  /** Per connection: the SYN whose TrId-less burst (MSNP8–12) is running, or -1. */
  private readonly burst = new IntColumn(-1, 64);
  /** Per connection: the latest documentation command written with a `TrId` placeholder instead of a number. */
  private readonly placeholder = new Map<number, number>();
  /** Per connection: PNGs waiting for a QNG, oldest first. */
  private readonly pings = new Map<number, { queue: number[]; head: number }>();

  constructor(
    private readonly earlier: EarlierMessages,
    private readonly out: PairOutput,
  ) {}

  /** The TrId of the SYN whose sync burst is running on `conn`, or null when none is. */
  burstTrId(conn: number): number | null {
    const syn = this.burst.get(conn);
    return syn < 0 ? null : this.earlier.trIdOf(syn);
  }

  /** Server replies (TrId or error code, or QNG) whose command is not in the log, in log order (a view). */
  get orphans(): Int32Array {
    return this.orphanIds.view();
  }

  /** Pair message `i` (the next one in log order) on connection `conn`; `traits`: its verb's `verbTraits`. */
  add(m: TokenizedMessage, i: number, conn: number, traits = verbTraits(m.command)): void {
    // A new message starts with no reply, status 'not-a-command' and closed: what every output starts with.
    const serverLike = m.direction === 'server' || (m.direction === null && m.errorCode !== null);
    if (m.direction === 'client') this.client(m, i, conn);
    else if (serverLike) this.server(m, i, conn, traits);
  }

  private client(m: TokenizedMessage, i: number, conn: number): void {
    if (m.command === 'PNG') {
      this.out.setStatus(i, UNANSWERED);
      this.pingQueue(conn).queue.push(i);
      return;
    }
    if (m.trId === null && hasTrIdPlaceholder(m)) {
      this.out.setStatus(i, UNANSWERED);
      this.placeholder.set(conn, i);
      return;
    }
    const expects = expectation(m);
    this.out.setStatus(i, expects === 'reply' ? UNANSWERED : NO_REPLY_EXPECTED);
    if (expects === 'nothing' || m.trId === null) return;
    const trId = m.trId;
    const prev = this.open.swap(conn, trId, i);
    if (prev !== undefined) {
      this.duplicates.push([prev, i]);
      this.prevOpen.set(i, prev);
    }
    this.isOpen.set(i, 1);
    if (this.answeredOn.get(conn) > 0 && this.answered.clear(conn, trId)) this.answeredOn.set(conn, this.answeredOn.get(conn) - 1);
  }

  private server(m: TokenizedMessage, i: number, conn: number, traits: number): void {
    // Its status stays 'not-a-command', what every output starts with.
    const isError = m.errorCode !== null || (traits & VERB_ERROR) !== 0;
    if (m.command === 'QNG' && !isError) {
      this.pong(conn, i);
      return;
    }
    const trId = m.trId;
    const cmd = trId === null ? undefined : this.open.get(conn, trId);
    if (cmd === undefined && !isError && this.burstLine(conn, m, i, traits)) return;
    if (trId === null) {
      if (isError && !this.placeholderReply(conn, m, i)) this.orphanIds.push(i);
      return;
    }
    if (cmd !== undefined && (m.trId !== 0 || isError || this.earlier.commandOf(cmd) === m.command)) {
      this.reply(conn, trId, cmd, m, i, isError);
      return;
    }
    if (m.trId === 0 && !isError) return; // unsolicited: CHL 0, GCF 0, SBS 0, ADL 0 …
    const done = this.answeredOn.get(conn) > 0 ? this.answered.get(conn, trId) : undefined;
    if (done !== undefined && isContinuation(this.earlier.commandOf(done), m.command)) {
      this.attach(done, i);
      return;
    }
    if (isError || (traits & VERB_ASYNC_SERVER) === 0) this.orphanIds.push(i);
  }

  /** A server line answering the open command `cmd`; decides whether it ends the transaction. */
  private reply(conn: number, trId: number, cmd: number, m: TokenizedMessage, i: number, isError: boolean): void {
    this.attach(cmd, i);
    const verb = this.earlier.commandOf(cmd);
    if (!isError && verb === 'ANS' && m.command === 'IRO') return; // roster rows; `ANS t OK` ends it
    this.closeOpen(conn, trId, cmd);
    this.out.setStatus(cmd, isError ? ERROR : ANSWERED);
    if (isError) return;
    if ((verbTraits(verb) & VERB_HAS_CONTINUATIONS) !== 0 && this.answered.swap(conn, trId, cmd) === undefined) {
      this.answeredOn.set(conn, this.answeredOn.get(conn) + 1);
    }
    if (verb === 'SYN') this.burst.set(conn, cmd);
  }

  /**
   * MSNP8–12 sync lines carry no TrId (`LST N=a@b F=A 11 0`; `LSG 0 Other` may look like TrId 0): they belong
   * to the SYN just answered, until a line of another kind comes. True when the line joined the burst.
   */
  private burstLine(conn: number, m: TokenizedMessage, i: number, traits: number): boolean {
    const syn = this.burst.get(conn);
    if (syn < 0) return false;
    const synTrId = this.earlier.trIdOf(syn);
    if ((traits & VERB_SYN_BURST) !== 0 && (m.trId === null || m.trId === 0 || m.trId === synTrId)) {
      this.attach(syn, i);
      return true;
    }
    this.burst.set(conn, -1);
    return false;
  }

  /** Documentation writes `>>> ADL TrId xxx` … `<<< 240 TrId`: the placeholders pair with each other. */
  private placeholderReply(conn: number, m: TokenizedMessage, i: number): boolean {
    const cmd = this.placeholder.get(conn);
    if (cmd === undefined || !hasTrIdPlaceholder(m)) return false;
    this.placeholder.delete(conn);
    this.attach(cmd, i);
    this.out.setStatus(cmd, ERROR);
    return true;
  }

  private pong(conn: number, i: number): void {
    const q = this.pingQueue(conn);
    const png = q.queue[q.head];
    if (png === undefined) {
      this.orphanIds.push(i);
      return;
    }
    q.head++;
    this.attach(png, i);
    this.out.setStatus(png, ANSWERED);
  }

  private pingQueue(conn: number): { queue: number[]; head: number } {
    let q = this.pings.get(conn);
    if (q === undefined) {
      q = { queue: [], head: 0 };
      this.pings.set(conn, q);
    }
    return q;
  }

  private attach(cmd: number, reply: number): void {
    this.out.setReplyTo(reply, cmd);
  }

  /**
   * Close `cmd`, the command (conn, TrId) is open for (the only caller, `reply`, looked it up there); the key falls
   * back to the next older command still open with the same TrId.
   */
  private closeOpen(conn: number, trId: number, cmd: number): void {
    this.isOpen.set(cmd, 0);
    let prev = this.prevOpen.get(cmd) ?? -1;
    while (prev >= 0 && this.isOpen.get(prev) !== 1) prev = this.prevOpen.get(prev) ?? -1;
    if (prev >= 0) this.open.set(conn, trId, prev);
    else this.open.clear(conn, trId);
  }
}

/** The tokenizer read a documentation placeholder where the TrId goes (`ADL TrId xxx`, `240 <TrId>`). */
function hasTrIdPlaceholder(m: TokenizedMessage): boolean {
  return m.trIdPlaceholder === true;
}

type Expectation = 'reply' | 'nothing' | 'nak-only';

/** What a client command waits for (§3): MSG by its ack type, TrId-less commands nothing. */
function expectation(m: TokenizedMessage): Expectation {
  if (m.trId === null) return 'nothing';
  switch (m.command) {
    case 'MSG':
      return msgExpectation(m);
    case 'SDG':
    case 'OUT':
      return 'nothing';
    default:
      return 'reply';
  }
}

/** A client MSG by its ack type (`MSG 4 N 133`): U expects nothing, N only a NAK, A / D (or anything else) a reply. */
function msgExpectation(m: TokenizedMessage): Expectation {
  // Every ack type is one letter: a message read on bytes answers without building its first param.
  if (m.firstParamLength !== undefined && m.firstParamLength() !== 1) return 'reply';
  if (firstParamIs(m, 'U') || firstParamIs(m, 'u')) return 'nothing';
  return firstParamIs(m, 'N') || firstParamIs(m, 'n') ? 'nak-only' : 'reply';
}

/** Pair commands and replies of messages already assigned to connections (`connOf`). */
export function pairTransactions(
  messages: readonly TokenizedMessage[],
  connOf: Int32Array,
  connectionCount: number,
): Pairing {
  void connectionCount; // the per-connection state grows as connections appear
  const out = new ColumnOutput();
  const p = new Pairer({ commandOf: (i) => messages[i]?.command ?? '', trIdOf: (i) => messages[i]?.trId ?? null }, out);
  messages.forEach((m, i) => {
    out.setReplyTo(i, -1);
    out.setStatus(i, NOT_A_COMMAND);
    p.add(m, i, connOf[i] ?? 0);
  });
  const replyTo = out.replyTo.toInt32Array();
  const replies: (number[] | undefined)[] = new Array<number[] | undefined>(messages.length).fill(undefined);
  replyTo.forEach((cmd, i) => {
    if (cmd < 0) return;
    const list = replies[cmd];
    if (list === undefined) replies[cmd] = [i];
    else list.push(i);
  });
  const status = messages.map((_, i) => statusName(out.status.get(i)));
  return { replyTo, replies, status, orphans: copyToArray(p.orphans), duplicates: p.duplicates };
}
