/**
 * A column-oriented copy of the facts the filters, the counts, the sort and the overview strip read, built once
 * per ParseResult. The worker builds it right after parsing and TRANSFERS it (typed arrays move, they are not
 * copied), so the main thread never spends seconds walking a million event objects to make it. The main-thread
 * fallback and tests build it with the same function. A result with tables is read column by column
 * (table-columns.ts: ~0.7 s for the 1M-line bench log, against ~15 s through the LogEvent objects); the object
 * path stays for results assembled by hand. Free text is a `TextColumn` (text-column.ts).
 */
import type { ConnectionKind, LogEvent, NonProtocolLine, ParseResult, ResultTables } from '../msnp/types';
import { eventTextFromTables, nonProtocolTextFromTables, scalarColumnsFromStore, tablesData, type Interned, type ScalarColumns, type TablesData } from './table-columns';
import { buildTextColumn, type TextColumn } from './text-column';
import { REASONS } from '../msnp/event-store';

export { buildTextColumn, joinedText, markTextMatches, TEXT_SEPARATOR, type TextColumn } from './text-column';

/** The store's code of a blank non-protocol line. */
const BLANK = REASONS.indexOf('blank');

export const FLAG_ERROR = 1;
export const FLAG_UNANSWERED = 2;
export const FLAG_ORPHAN = 4;
export const FLAG_INFERRED = 8;

export const DIR_NONE = 0;
export const DIR_CLIENT = 1;
export const DIR_SERVER = 2;

export interface EventColumns extends ScalarColumns {
  readonly count: number;
  /** Interned verbs, upper case; `command[i]` and `txCommand[i]` index this list. */
  readonly commandNames: readonly string[];
  readonly connectionIds: readonly string[];
  readonly connectionKinds: readonly ConnectionKind[];
  readonly connectionSourceNames: readonly (string | null)[];
  /** The account on each connection, lower case (a server's log), else null. */
  readonly connectionAccounts: readonly (string | null)[];
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

function eventText(e: LogEvent): string {
  return e.payload ? `${e.raw}\n${e.payload.text}` : e.raw;
}

/** The per-event scalar columns (one pass over the events). */
function scalarColumns(result: ParseResult, names: Interned, orphans: ReadonlySet<number>): ScalarColumns {
  const events = result.events;
  const n = events.length;
  const commandIds = new Map<string, number>();
  const connIds = new Map<string, number>(names.connectionIds.map((id, i) => [id, i]));
  const cols = {
    command: new Uint16Array(n), txCommand: new Uint16Array(n), code: new Int16Array(n), connection: new Int32Array(n),
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
      names.connectionAccounts.push(null);
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

function tally(c: { command: Uint16Array; connection: Int32Array; code: Int16Array }, names: Interned) {
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

const FLAGS = { error: FLAG_ERROR, unanswered: FLAG_UNANSWERED, orphan: FLAG_ORPHAN, inferred: FLAG_INFERRED };

/**
 * The columns of a result. With tables (anything `parseLog` made) they are read from the store's columns and the
 * log's bytes; `data` is the tables' transfer form when the caller has it already (the worker sends it too).
 * Without tables (results assembled by hand) they are read from the event objects.
 */
export function buildEventColumns(result: ParseResult, data?: TablesData): EventColumns {
  const names: Interned = {
    commandNames: [],
    connectionIds: result.connections.map((c) => c.id),
    connectionKinds: result.connections.map((c) => c.kind),
    connectionSourceNames: result.connections.map((c) => c.sourceName),
    connectionAccounts: result.connections.map((c) => c.account?.toLowerCase() ?? null),
  };
  const orphans = orphanSet(result);
  const tables: ResultTables | undefined = result.tables;
  if (data === undefined && tables !== undefined) data = tablesData(tables);
  if (data !== undefined) return fromTables(data, names, orphans);
  const scalars = scalarColumns(result, names, orphans);
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
    ...tally(scalars, names),
    text: buildTextColumn(result.events.length, (i) => eventText(result.events[i] as LogEvent)),
    npLine,
    npShown,
    npText: buildTextColumn(np.length, (k) => (np[k] as NonProtocolLine).text),
  };
}

function fromTables(data: TablesData, names: Interned, orphans: ReadonlySet<number>): EventColumns {
  const { events: d, source: s, nonProtocol: np } = data;
  const scalars = scalarColumnsFromStore(d, names, orphans, FLAGS);
  const npShown = new Uint8Array(np.length);
  for (let k = 0; k < np.length; k++) npShown[k] = np.reason[k] === BLANK ? 0 : 1;
  return {
    count: d.length,
    ...names,
    ...scalars,
    ...tally(scalars, names),
    text: eventTextFromTables(d, s),
    npLine: np.line.subarray(0, np.length),
    npShown,
    npText: nonProtocolTextFromTables(np, s),
  };
}

/** The buffers to put in postMessage's transfer list. */
export function columnBuffers(c: EventColumns): ArrayBuffer[] {
  const arrays = [c.command, c.txCommand, c.code, c.connection, c.direction, c.trId, c.flags, c.line, c.time,
    c.latency, c.text.starts, c.text.bytes, c.commandCount, c.connectionCount, c.codeCount, c.npLine, c.npShown,
    c.npText.starts, c.npText.bytes];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
