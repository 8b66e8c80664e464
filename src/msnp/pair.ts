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
import { IntColumn } from './int-column';
import type { ReplyStatus, TokenizedMessage } from './types';
import {
  ASYNC_SERVER_VERBS, SYN_BURST_VERBS, hasContinuations, isContinuation, isErrorVerb,
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

/**
 * (connection, TrId) → message index, one Map per connection: keys stay small integers (no string or boxed
 * number per lookup), which matters at a million messages.
 */
class TrIdTable {
  private readonly maps: (Map<number, number> | undefined)[] = [];

  get(conn: number, trId: number): number | undefined {
    const v = this.maps[conn]?.get(trId);
    return v === undefined || v < 0 ? undefined : v;
  }

  set(conn: number, trId: number, value: number): void {
    let map = this.maps[conn];
    if (map === undefined) {
      map = new Map();
      this.maps[conn] = map;
    }
    map.set(trId, value);
  }

  /** Marks the entry empty rather than deleting it: overwriting a key is much cheaper than Map.delete. */
  clear(conn: number, trId: number): void {
    const map = this.maps[conn];
    if (map?.has(trId) === true) map.set(trId, -1);
  }

  /** True when the connection has any entry at all (skips look-ups on connections that never stored one). */
  has(conn: number): boolean {
    return this.maps[conn] !== undefined;
  }
}

/** What pairing reads back about an earlier message: its verb and TrId (a TokenizedMessage or a LogEvent). */
export interface Verbed {
  readonly command: string;
  readonly trId: number | null;
}

/**
 * Pairs messages one at a time, in log order (`add`): the reading stage can hand each message over as soon as it
 * is read, so the tokenized messages never pile up. Earlier messages are looked up in `earlier` by index.
 */
export class Pairer {
  readonly replyTo = new IntColumn(-1);
  readonly replies: (number[] | undefined)[] = [];
  readonly status: ReplyStatus[] = [];
  readonly orphans: number[] = [];
  readonly duplicates: [number, number][] = [];
  /** (conn, TrId) → latest open command; older open ones are chained through `prevOpen`. */
  private readonly open = new TrIdTable();
  private readonly prevOpen = new IntColumn(-1);
  private readonly isOpen = new IntColumn(0);
  /** (conn, TrId) → answered command that may still receive continuation lines (ILN, LST, FQY). */
  private readonly answered = new TrIdTable();
  /** Per connection: the SYN whose TrId-less burst (MSNP8–12) is running, or -1. */
  private readonly burst = new IntColumn(-1, 64);
  /** Per connection: the latest documentation command written with a `TrId` placeholder instead of a number. */
  private readonly placeholder = new Map<number, number>();
  /** Per connection: PNGs waiting for a QNG, oldest first. */
  private readonly pings = new Map<number, { queue: number[]; head: number }>();

  constructor(private readonly messages: readonly Verbed[]) {}

  /** Pair message `i` (the next one in log order) on connection `conn`. */
  add(m: TokenizedMessage, i: number, conn: number): void {
    this.replyTo.push(-1);
    this.replies.push(undefined);
    this.status.push('not-a-command');
    this.prevOpen.push(-1);
    this.isOpen.push(0);
    const serverLike = m.direction === 'server' || (m.direction === null && m.errorCode !== null);
    if (m.direction === 'client') this.client(m, i, conn);
    else if (serverLike) this.server(m, i, conn);
  }

  private client(m: TokenizedMessage, i: number, conn: number): void {
    if (m.command === 'PNG') {
      this.status[i] = 'unanswered';
      this.pingQueue(conn).queue.push(i);
      return;
    }
    if (m.trId === null && hasTrIdPlaceholder(m)) {
      this.status[i] = 'unanswered';
      this.placeholder.set(conn, i);
      return;
    }
    const expects = expectation(m);
    this.status[i] = expects === 'nothing' ? 'no-reply-expected' : expects === 'nak-only' ? 'no-reply-expected' : 'unanswered';
    if (expects === 'nothing' || m.trId === null) return;
    const trId = m.trId;
    const prev = this.open.get(conn, trId);
    if (prev !== undefined) {
      this.duplicates.push([prev, i]);
      this.prevOpen.set(i, prev);
    }
    this.open.set(conn, trId, i);
    this.isOpen.set(i, 1);
    if (this.answered.has(conn)) this.answered.clear(conn, trId);
  }

  private server(m: TokenizedMessage, i: number, conn: number): void {
    this.status[i] = 'not-a-command';
    const isError = m.errorCode !== null || isErrorVerb(m.command);
    if (m.command === 'QNG' && !isError) {
      this.pong(conn, i);
      return;
    }
    const trId = m.trId;
    const cmd = trId === null ? undefined : this.open.get(conn, trId);
    if (cmd === undefined && !isError && this.burstLine(conn, m, i)) return;
    if (trId === null) {
      if (isError && !this.placeholderReply(conn, m, i)) this.orphans.push(i);
      return;
    }
    if (cmd !== undefined && (m.trId !== 0 || isError || this.messages[cmd]?.command === m.command)) {
      this.reply(conn, trId, cmd, m, i, isError);
      return;
    }
    if (m.trId === 0 && !isError) return; // unsolicited: CHL 0, GCF 0, SBS 0, ADL 0 …
    const done = this.answered.has(conn) ? this.answered.get(conn, trId) : undefined;
    if (done !== undefined && isContinuation(this.messages[done]?.command ?? '', m.command)) {
      this.attach(done, i);
      return;
    }
    if (isError || !ASYNC_SERVER_VERBS.has(m.command)) this.orphans.push(i);
  }

  /** A server line answering the open command `cmd`; decides whether it ends the transaction. */
  private reply(conn: number, trId: number, cmd: number, m: TokenizedMessage, i: number, isError: boolean): void {
    this.attach(cmd, i);
    const verb = this.messages[cmd]?.command ?? '';
    if (!isError && verb === 'ANS' && m.command === 'IRO') return; // roster rows; `ANS t OK` ends it
    this.closeOpen(conn, trId, cmd);
    this.status[cmd] = isError ? 'error' : 'answered';
    if (isError) return;
    if (hasContinuations(verb)) this.answered.set(conn, trId, cmd);
    if (verb === 'SYN') this.burst.set(conn, cmd);
  }

  /**
   * MSNP8–12 sync lines carry no TrId (`LST N=a@b F=A 11 0`; `LSG 0 Other` may look like TrId 0): they belong
   * to the SYN just answered, until a line of another kind comes. True when the line joined the burst.
   */
  private burstLine(conn: number, m: TokenizedMessage, i: number): boolean {
    const syn = this.burst.get(conn);
    if (syn < 0) return false;
    const synTrId = this.messages[syn]?.trId ?? null;
    if (SYN_BURST_VERBS.has(m.command) && (m.trId === null || m.trId === 0 || m.trId === synTrId)) {
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
    this.status[cmd] = 'error';
    return true;
  }

  private pong(conn: number, i: number): void {
    const q = this.pingQueue(conn);
    const png = q.queue[q.head];
    if (png === undefined) {
      this.orphans.push(i);
      return;
    }
    q.head++;
    this.attach(png, i);
    this.status[png] = 'answered';
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
    this.replyTo.set(reply, cmd);
    const list = this.replies[cmd];
    if (list === undefined) this.replies[cmd] = [reply];
    else list.push(reply);
  }

  /** Close `cmd`; the key falls back to the next older command still open with the same TrId. */
  private closeOpen(conn: number, trId: number, cmd: number): void {
    this.isOpen.set(cmd, 0);
    if (this.open.get(conn, trId) !== cmd) return;
    let prev = this.prevOpen.get(cmd);
    while (prev >= 0 && this.isOpen.get(prev) !== 1) prev = this.prevOpen.get(prev);
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
    case 'MSG': {
      const ack = m.params[0]?.toUpperCase();
      if (ack === 'U') return 'nothing';
      return ack === 'N' ? 'nak-only' : 'reply';
    }
    case 'SDG':
    case 'OUT':
      return 'nothing';
    default:
      return 'reply';
  }
}

/** Pair commands and replies of messages already assigned to connections (`connOf`). */
export function pairTransactions(
  messages: readonly TokenizedMessage[],
  connOf: Int32Array,
  connectionCount: number,
): Pairing {
  void connectionCount; // the per-connection state grows as connections appear
  const p = new Pairer(messages);
  messages.forEach((m, i) => p.add(m, i, connOf[i] ?? 0));
  return { replyTo: p.replyTo.toInt32Array(), replies: p.replies, status: p.status, orphans: p.orphans, duplicates: p.duplicates };
}
