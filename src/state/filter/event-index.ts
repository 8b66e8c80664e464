/**
 * A column-oriented copy of the facts filters look at, built once per ParseResult (cached by identity), so
 * that evaluating a filter over a million events is a tight loop over typed arrays instead of object walks.
 * The lower-case search text is built lazily, the first time a free-text term needs it.
 */
import type { ConnectionKind, ParseResult } from '../../msnp/types';

export const FLAG_ERROR = 1;
export const FLAG_UNANSWERED = 2;
export const FLAG_ORPHAN = 4;
export const FLAG_INFERRED = 8;

export const DIR_NONE = 0;
export const DIR_CLIENT = 1;
export const DIR_SERVER = 2;

export interface EventIndex {
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
  /** Lower-case raw line plus payload text, built on first use. */
  text(): readonly string[];
  /** Lower-case text of the non-protocol lines, built on first use. */
  nonProtocolText(): readonly string[];
}

const cache = new WeakMap<ParseResult, EventIndex>();

/** The index for a result, built on first request and then reused. */
export function getEventIndex(result: ParseResult): EventIndex {
  let idx = cache.get(result);
  if (!idx) {
    idx = buildEventIndex(result);
    cache.set(result, idx);
  }
  return idx;
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

function buildEventIndex(result: ParseResult): EventIndex {
  const events = result.events;
  const n = events.length;
  const commandNames: string[] = [];
  const commandIds = new Map<string, number>();
  const connIds = new Map<string, number>(result.connections.map((c, i) => [c.id, i]));
  const connectionIds: string[] = result.connections.map((c) => c.id);
  const connectionKinds: ConnectionKind[] = result.connections.map((c) => c.kind);
  const connectionSourceNames = result.connections.map((c) => c.sourceName);
  const orphans = orphanSet(result);
  const command = new Uint16Array(n);
  const txCommand = new Uint16Array(n);
  const code = new Int16Array(n);
  const connection = new Uint16Array(n);
  const direction = new Uint8Array(n);
  const trId = new Int32Array(n);
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const e = events[i];
    if (!e) continue;
    command[i] = intern(commandNames, commandIds, e.command.toUpperCase());
    code[i] = e.error ? e.error.code : -1;
    let c = connIds.get(e.connection);
    if (c === undefined) {
      c = intern(connectionIds, connIds, e.connection);
      connectionKinds.push('unknown');
      connectionSourceNames.push(null);
    }
    connection[i] = c;
    direction[i] = e.direction === 'client' ? DIR_CLIENT : e.direction === 'server' ? DIR_SERVER : DIR_NONE;
    trId[i] = e.trId ?? -1;
    flags[i] =
      (e.error ? FLAG_ERROR : 0) |
      (e.status === 'unanswered' ? FLAG_UNANSWERED : 0) |
      (orphans.has(i) ? FLAG_ORPHAN : 0) |
      (e.flags.includes('inferred') ? FLAG_INFERRED : 0);
  }
  for (let i = 0; i < n; i++) {
    const to = events[i]?.replyTo;
    txCommand[i] = to !== null && to !== undefined && to < n ? (command[to] ?? 0) : (command[i] ?? 0);
  }
  let text: string[] | null = null;
  let npText: string[] | null = null;
  return {
    count: n, commandNames, command, txCommand, code, connectionIds, connectionKinds, connectionSourceNames,
    connection, direction, trId, flags,
    text: () => (text ??= events.map((e) => (e.payload ? `${e.raw}\n${e.payload.text}` : e.raw).toLowerCase())),
    nonProtocolText: () => (npText ??= result.nonProtocol.map((l) => l.text.toLowerCase())),
  };
}
