/**
 * The connections while the connection stage runs, one row per connection in typed columns, turned into readonly
 * Connection objects at the end (connections.ts).
 *
 * Columns rather than an object per connection: a long log has tens of thousands of switchboards, and each
 * draft object (twenty-odd fields) lived from its first line to the end of the read. Objects that outlive a few
 * young-generation collections are copied, then promoted, and the young generation grows to hold them: on a
 * 100 MB log with 75,000 connections the drafts were ~13 MB of old-space objects that turned to garbage at the
 * stage's end, and a larger young generation besides.
 */
import { grown } from './int-column';
import type { Connection, ConnectionKind } from './types';
import { toConnectionId, toEventId } from './types';

export type InferredFrom = Connection['inferredFrom'];

const KINDS: readonly ConnectionKind[] = ['DS', 'NS', 'SB', 'unknown'];
const FROMS: readonly InferredFrom[] = ['log', 'xfr-ns', 'sb-auth', 'trid-restart', 'first', 'connection-event', 'session-note'];

/** An `XFR t NS` reply arrived: the next client line belongs to a new NS connection. */
export const REDIRECTED = 1;
/** The client sent OUT, or the server sent OUT / VER 0 / an error after which it hangs up. */
export const CLOSED = 2;
/**
 * Closed only by a server error after which it hangs up: a later server line on the connection shows it did not,
 * and lifts the close. Until then the client lines sent meanwhile are held (`held`), not yet called after the close.
 */
export const CLOSED_BY_ERROR = 4;
/** The server answered VER with `VER t 0`. */
export const VERSION_REFUSED = 8;

const NO_VERSION = -1;
const ID_PREFIX: Record<ConnectionKind, string> = { DS: 'DS', NS: 'NS', SB: 'SB', unknown: 'C' };

export class ConnectionDrafts {
  private size = 0;
  private kinds = new Uint8Array(256);
  private froms = new Uint8Array(256);
  private flagBits = new Uint8Array(256);
  private firsts = new Int32Array(256);
  private lasts = new Int32Array(256);
  private counts = new Int32Array(256);
  private versions = new Int32Array(256);
  /** TrIds are unsigned 32-bit: doubles, −1 for none. */
  private lastTrIds = new Float64Array(256);
  private minTrIds = new Float64Array(256);
  private maxTrIds = new Float64Array(256);
  /** The log's name of each connection (null when it has none): strings the reader shares, not copies. */
  private readonly names: (string | null)[] = [];
  /** Sparse: only connections whose VER reply the log shows, or whose session a note named, or that hold lines. */
  private readonly protocols = new Map<number, string>();
  private readonly sessions = new Map<number, string>();
  private readonly held = new Map<number, number[]>();

  get length(): number {
    return this.size;
  }

  /** A new connection whose first line is line-event `i`; its index. */
  add(kind: ConnectionKind, sourceName: string | null, from: InferredFrom, i: number): number {
    if (this.size === this.kinds.length) this.grow(this.size * 2);
    const c = this.size++;
    this.kinds[c] = KINDS.indexOf(kind);
    this.froms[c] = FROMS.indexOf(from);
    this.flagBits[c] = 0;
    this.firsts[c] = i;
    this.lasts[c] = i;
    this.counts[c] = 0;
    this.versions[c] = NO_VERSION;
    this.lastTrIds[c] = -1;
    this.minTrIds[c] = -1;
    this.maxTrIds[c] = -1;
    this.names.push(sourceName);
    return c;
  }

  kind(c: number): ConnectionKind {
    return KINDS[this.kinds[c] ?? 3] ?? 'unknown';
  }

  setKind(c: number, kind: ConnectionKind): void {
    this.kinds[c] = KINDS.indexOf(kind);
  }

  sourceName(c: number): string | null {
    return this.names[c] ?? null;
  }

  is(c: number, flag: number): boolean {
    return ((this.flagBits[c] ?? 0) & flag) !== 0;
  }

  /** Sets the flags in `on`, then clears those in `off`. */
  mark(c: number, on: number, off = 0): void {
    this.flagBits[c] = ((this.flagBits[c] ?? 0) | on) & ~off;
  }

  count(c: number): number {
    return this.counts[c] ?? 0;
  }

  /** Line-event `i` joined connection c. */
  joined(c: number, i: number): void {
    this.lasts[c] = i;
    this.counts[c] = (this.counts[c] ?? 0) + 1;
  }

  versionOf(c: number): number | null {
    const v = this.versions[c] ?? NO_VERSION;
    return v === NO_VERSION ? null : v;
  }

  setProtocol(c: number, protocol: string, version: number): void {
    this.protocols.set(c, protocol);
    this.versions[c] = version;
  }

  lastClientTrId(c: number): number {
    return this.lastTrIds[c] ?? -1;
  }

  setLastClientTrId(c: number, trId: number): void {
    this.lastTrIds[c] = trId;
  }

  minTrId(c: number): number {
    return this.minTrIds[c] ?? -1;
  }

  maxTrId(c: number): number {
    return this.maxTrIds[c] ?? -1;
  }

  /** Widens the connection's stored TrId range to `trId`. */
  noteTrId(c: number, trId: number): void {
    const min = this.minTrIds[c] ?? -1;
    if (min < 0 || trId < min) this.minTrIds[c] = trId;
    if (trId > (this.maxTrIds[c] ?? -1)) this.maxTrIds[c] = trId;
  }

  session(c: number): string | null {
    return this.sessions.get(c) ?? null;
  }

  setSession(c: number, session: string): void {
    this.sessions.set(c, session);
  }

  /** Holds a client line sent after an error's close, until the close is confirmed or lifted. */
  hold(c: number, i: number): void {
    const list = this.held.get(c);
    if (list === undefined) this.held.set(c, [i]);
    else list.push(i);
  }

  dropHeld(c: number): void {
    this.held.delete(c);
  }

  /** Every line still held, in any order. */
  allHeld(): number[] {
    const out: number[] = [];
    for (const list of this.held.values()) for (const i of list) out.push(i);
    return out;
  }

  /** The readonly connections, with ids (`DS1`, `NS1`, `SB1`…) numbered per kind in order of appearance. */
  toConnections(): Connection[] {
    const counters: Record<ConnectionKind, number> = { DS: 0, NS: 0, SB: 0, unknown: 0 };
    const out = new Array<Connection>(this.size);
    for (let c = 0; c < this.size; c++) {
      const kind = this.kind(c);
      counters[kind]++;
      const conn: Connection = {
        id: toConnectionId(`${ID_PREFIX[kind]}${counters[kind]}`),
        kind,
        sourceName: this.sourceName(c),
        protocol: this.protocols.get(c) ?? null,
        protocolVersion: this.versionOf(c),
        firstEvent: toEventId(this.firsts[c] ?? 0),
        lastEvent: toEventId(this.lasts[c] ?? 0),
        eventCount: this.count(c),
        inferredFrom: FROMS[this.froms[c] ?? 0] ?? 'log',
      };
      out[c] = this.is(c, VERSION_REFUSED) ? { ...conn, versionRefused: true } : conn;
    }
    return out;
  }

  private grow(cap: number): void {
    this.kinds = grown(this.kinds, new Uint8Array(cap));
    this.froms = grown(this.froms, new Uint8Array(cap));
    this.flagBits = grown(this.flagBits, new Uint8Array(cap));
    this.firsts = grown(this.firsts, new Int32Array(cap));
    this.lasts = grown(this.lasts, new Int32Array(cap));
    this.counts = grown(this.counts, new Int32Array(cap));
    this.versions = grown(this.versions, new Int32Array(cap));
    this.lastTrIds = grown(this.lastTrIds, new Float64Array(cap));
    this.minTrIds = grown(this.minTrIds, new Float64Array(cap));
    this.maxTrIds = grown(this.maxTrIds, new Float64Array(cap));
  }
}
