/**
 * A column-oriented copy of the facts the filters, the counts, the sort and the overview strip read, built once
 * per ParseResult. The worker builds it right after parsing and TRANSFERS it (typed arrays move, they are not
 * copied), so the main thread never spends seconds walking a million event objects to make it. The main-thread
 * fallback and tests build it with the same function.
 *
 * Free text is one long lower-case string per table (`joined`) with `starts[i]` the offset of row i's text;
 * rows are separated by a NUL, so a search is a handful of native `indexOf` calls instead of a million
 * `includes` on a million strings.
 */
import type { ConnectionKind, LogEvent, NonProtocolLine, ParseResult } from '../msnp/types';

export const FLAG_ERROR = 1;
export const FLAG_UNANSWERED = 2;
export const FLAG_ORPHAN = 4;
export const FLAG_INFERRED = 8;

export const DIR_NONE = 0;
export const DIR_CLIENT = 1;
export const DIR_SERVER = 2;

/** Separates rows inside `TextColumn.joined`; a search needle never matches across it. */
export const TEXT_SEPARATOR = '\u0000';

/**
 * The joined text travels as UTF-8 bytes in a transferred buffer (a 60 MB string would be copied by structured
 * clone, on the main thread); `joinedText` decodes it once, on the first text search.
 */
export interface TextColumn {
  readonly bytes: Uint8Array;
  /** `count + 1` offsets into the decoded string: row i's text is `joined.slice(starts[i], starts[i + 1] - 1)`. */
  readonly starts: Uint32Array;
}

const decoded = new WeakMap<TextColumn, string>();

/** The joined lower-case text of a column (decoded on first use, then cached). */
export function joinedText(col: TextColumn): string {
  let s = decoded.get(col);
  if (s === undefined) {
    s = new TextDecoder().decode(col.bytes);
    decoded.set(col, s);
  }
  return s;
}

export interface EventColumns {
  readonly count: number;
  /** Interned verbs, upper case; `command[i]` indexes this list. */
  readonly commandNames: readonly string[];
  readonly command: Uint16Array;
  /** For a reply, the verb of the command it answers; otherwise the event's own verb. */
  readonly txCommand: Uint16Array;
  /** Error code, or -1. */
  readonly code: Int16Array;
  readonly connectionIds: readonly string[];
  readonly connectionKinds: readonly ConnectionKind[];
  readonly connectionSourceNames: readonly (string | null)[];
  readonly connection: Uint16Array;
  readonly direction: Uint8Array;
  /** TrId, or -1. */
  readonly trId: Int32Array;
  readonly flags: Uint8Array;
  /** 1-based source line of each event. */
  readonly line: Int32Array;
  /** Time in ms since midnight, NaN when the event has none. */
  readonly time: Float64Array;
  /** Latency in ms, NaN when none. */
  readonly latency: Float64Array;
  /** Lower-case raw line plus payload text of every event. */
  readonly text: TextColumn;
  /** Whole-log tallies: events per interned verb, per connection, per error code (0..999). */
  readonly commandCount: Uint32Array;
  readonly connectionCount: Uint32Array;
  readonly codeCount: Uint32Array;
  /** Per non-protocol line: its source line, whether it gets a row (blank lines do not), its lower-case text. */
  readonly npLine: Int32Array;
  readonly npShown: Uint8Array;
  readonly npText: TextColumn;
}

function intern(names: string[], ids: Map<string, number>, name: string): number {
  let k = ids.get(name);
  if (k === undefined) {
    k = names.length;
    names.push(name);
    ids.set(name, k);
  }
  return k;
}

function orphanSet(result: ParseResult): Set<number> {
  const s = new Set<number>();
  for (const d of result.diagnostics) if (d.kind === 'orphan-reply') for (const e of d.events) s.add(e);
  return s;
}

/** Lower-cases each piece on its own (lower-casing can change a string's length) and joins them. */
export function buildTextColumn(count: number, textAt: (i: number) => string): TextColumn {
  const parts: string[] = new Array<string>(count);
  const starts = new Uint32Array(count + 1);
  let at = 0;
  for (let i = 0; i < count; i++) {
    // A lone surrogate would not survive the UTF-8 round trip as itself, but as U+FFFD: same length.
    const t = textAt(i).toLowerCase();
    parts[i] = t;
    starts[i] = at;
    at += t.length + 1;
  }
  starts[count] = at;
  const joined = count === 0 ? '' : parts.join(TEXT_SEPARATOR) + TEXT_SEPARATOR;
  const col = { bytes: new TextEncoder().encode(joined), starts };
  decoded.set(col, joined);
  return col;
}

function eventText(e: LogEvent): string {
  return e.payload ? `${e.raw}\n${e.payload.text}` : e.raw;
}

interface Interned {
  readonly commandNames: string[];
  readonly connectionIds: string[];
  readonly connectionKinds: ConnectionKind[];
  readonly connectionSourceNames: (string | null)[];
}

/** The per-event scalar columns (one pass over the events). */
function scalarColumns(result: ParseResult, names: Interned) {
  const events = result.events;
  const n = events.length;
  const commandIds = new Map<string, number>();
  const connIds = new Map<string, number>(names.connectionIds.map((id, i) => [id, i]));
  const orphans = orphanSet(result);
  const cols = {
    command: new Uint16Array(n), txCommand: new Uint16Array(n), code: new Int16Array(n), connection: new Uint16Array(n),
    direction: new Uint8Array(n), trId: new Int32Array(n), flags: new Uint8Array(n), line: new Int32Array(n),
    time: new Float64Array(n), latency: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const e = events[i] as LogEvent;
    cols.command[i] = intern(names.commandNames, commandIds, e.command.toUpperCase());
    cols.code[i] = e.error ? e.error.code : -1;
    let c = connIds.get(e.connection);
    if (c === undefined) {
      c = intern(names.connectionIds, connIds, e.connection);
      names.connectionKinds.push('unknown');
      names.connectionSourceNames.push(null);
    }
    cols.connection[i] = c;
    cols.direction[i] = e.direction === 'client' ? DIR_CLIENT : e.direction === 'server' ? DIR_SERVER : DIR_NONE;
    cols.trId[i] = e.trId ?? -1;
    cols.flags[i] = (e.error ? FLAG_ERROR : 0) | (e.status === 'unanswered' ? FLAG_UNANSWERED : 0) |
      (orphans.has(i) ? FLAG_ORPHAN : 0) | (e.flags.includes('inferred') ? FLAG_INFERRED : 0);
    cols.line[i] = e.line;
    cols.time[i] = e.time ?? Number.NaN;
    cols.latency[i] = e.latencyMs ?? Number.NaN;
  }
  for (let i = 0; i < n; i++) {
    const to = (events[i] as LogEvent).replyTo;
    cols.txCommand[i] = to !== null && to < n ? (cols.command[to] as number) : (cols.command[i] as number);
  }
  return cols;
}

function tally(c: { command: Uint16Array; connection: Uint16Array; code: Int16Array }, names: Interned) {
  const commandCount = new Uint32Array(names.commandNames.length);
  const connectionCount = new Uint32Array(names.connectionIds.length);
  const codeCount = new Uint32Array(1000);
  for (let i = 0; i < c.command.length; i++) {
    commandCount[c.command[i] as number]!++;
    connectionCount[c.connection[i] as number]!++;
    const code = c.code[i] as number;
    if (code >= 0) codeCount[code % 1000]!++;
  }
  return { commandCount, connectionCount, codeCount };
}

export function buildEventColumns(result: ParseResult): EventColumns {
  const names: Interned = {
    commandNames: [],
    connectionIds: result.connections.map((c) => c.id),
    connectionKinds: result.connections.map((c) => c.kind),
    connectionSourceNames: result.connections.map((c) => c.sourceName),
  };
  const scalars = scalarColumns(result, names);
  const tallies = tally(scalars, names);
  const np = result.nonProtocol;
  const npLine = new Int32Array(np.length);
  const npShown = new Uint8Array(np.length);
  for (let k = 0; k < np.length; k++) {
    const l = np[k] as NonProtocolLine;
    npLine[k] = l.line;
    npShown[k] = l.reason === 'blank' ? 0 : 1;
  }
  return {
    count: result.events.length,
    ...names,
    ...scalars,
    ...tallies,
    text: buildTextColumn(result.events.length, (i) => eventText(result.events[i] as LogEvent)),
    npLine,
    npShown,
    npText: buildTextColumn(np.length, (k) => (np[k] as NonProtocolLine).text),
  };
}

/** The buffers to put in postMessage's transfer list. */
export function columnBuffers(c: EventColumns): ArrayBuffer[] {
  const arrays = [c.command, c.txCommand, c.code, c.connection, c.direction, c.trId, c.flags, c.line, c.time,
    c.latency, c.text.starts, c.text.bytes, c.commandCount, c.connectionCount, c.codeCount, c.npLine, c.npShown,
    c.npText.starts, c.npText.bytes];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/**
 * Marks (`out[i] = 1`) every row whose text contains `needle` (already lower case). One `indexOf` per match over
 * the joined text; after a match the search resumes at the next row, so a row is found once.
 */
export function markTextMatches(col: TextColumn, needle: string, out: Uint8Array): void {
  const count = col.starts.length - 1;
  if (needle === '') {
    out.fill(1, 0, count);
    return;
  }
  if (needle.includes(TEXT_SEPARATOR)) return; // no row's own text holds the separator
  const { starts } = col;
  const joined = joinedText(col);
  let row = 0;
  let pos = joined.indexOf(needle);
  while (pos >= 0) {
    while (row + 1 <= count && (starts[row + 1] as number) <= pos) row++;
    out[row] = 1;
    if (row + 1 > count) break;
    pos = joined.indexOf(needle, starts[row + 1] as number);
  }
}
