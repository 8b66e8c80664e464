/**
 * Stage: rules that turn events, connections and pairs into Diagnostics (the "what looks wrong" list).
 *
 * Each rule is a small function over data the earlier stages already computed; none re-reads the log.
 * Reading problems (unreadable lines, no protocol at all, truncation) are the reading half's diagnostics.
 */
import type { Pairing } from './pair';
import type { Connection, Diagnostic, EventId, LogEvent } from './types';
import { toEventId } from './types';
import { isKnownVerb } from './commands';
import { lookupError } from './error-codes';
import { DIR_CLIENT, STATUS_CODES, storeOf, type EventStore } from './event-store';

export interface DiagnoseInput {
  readonly events: readonly LogEvent[];
  readonly connections: readonly Connection[];
  readonly pairing: Pick<Pairing, 'orphans' | 'duplicates'>;
  /** Client commands sent on a connection already closed. */
  readonly afterClose: readonly number[];
}

/**
 * Every diagnostic of the meaning stages, in rule order, each rule in event order. `perEvent`: the per-event
 * rules' output when the caller already ran `diagnoseEvent` on every event in order (in its own pass over them).
 */
export function diagnose(input: DiagnoseInput, perEvent?: readonly Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  diagnoseMidSession(input, out);
  if (perEvent === undefined) diagnoseEvents(input.events, out);
  else for (const d of perEvent) out.push(d);
  for (const i of input.pairing.orphans) {
    const e = input.events[i];
    if (e !== undefined) out.push(orphan(e));
  }
  for (const [earlier, later] of input.pairing.duplicates) {
    const a = input.events[earlier];
    const b = input.events[later];
    if (a !== undefined && b !== undefined) out.push(duplicate(a, b));
  }
  for (const i of input.afterClose) {
    const e = input.events[i];
    if (e !== undefined) out.push(afterClose(e));
  }
  return out;
}

/** `CAL 5 (line 12)`; the short way every message names an event. */
export function describeEvent(e: LogEvent): string {
  const tr = e.trId === null ? '' : ` ${e.trId}`;
  return `${e.command}${tr} (line ${e.line})`;
}

/** Per-event rules in one pass: unanswered commands, payload lengths, unknown verbs and codes. */
function diagnoseEvents(events: readonly LogEvent[], out: Diagnostic[]): void {
  for (const e of events) diagnoseEvent(e, out);
}

/**
 * diagnoseEvent for event i of a store: the columns say whether any rule can fire, and only then is the
 * LogEvent built (on a million events, building each one just to find nothing to say would cost seconds).
 * `known` is `knownVerbTable(store)`.
 */
export function diagnoseStored(store: EventStore, i: number, out: Diagnostic[], known: Uint8Array): void {
  const code = store.codeOf(i);
  const fires = store.statusCode(i) === UNANSWERED_CODE
    || store.payloadLengthOff(i)
    || (code >= 0 ? !lookupError(code).known : known[store.verbIdOf(i)] !== 1);
  // A view: the rules read a few fields (a long log has tens of thousands of unanswered commands).
  if (fires) diagnoseEvent(store.view(i), out);
}

const UNANSWERED_CODE = STATUS_CODES.indexOf('unanswered');

/**
 * Per verb id of the store, 1 when it is a known MSNP command: asked once per verb, and made once per pass (a
 * look-up of the table per event was a tenth of the pass).
 */
export function knownVerbTable(store: EventStore): Uint8Array {
  const table = new Uint8Array(store.verbs.length);
  for (let v = 0; v < table.length; v++) table[v] = isKnownVerb(store.verbs[v] ?? '') ? 1 : 0;
  return table;
}

/** The per-event rules for one event (its status and links already final). */
export function diagnoseEvent(e: LogEvent, out: Diagnostic[]): void {
  if (e.status === 'unanswered') out.push(unanswered(e));
  const p = e.payload;
  if (p !== null && (p.visibility === 'full' || p.visibility === 'partial') && p.shownBytes !== null
    && p.shownBytes !== p.declaredBytes) {
    out.push(payloadMismatch(e, p.declaredBytes, p.shownBytes, p.visibility === 'partial'));
  }
  if (e.error !== null && !e.error.known) {
    out.push({
      kind: 'unknown-error-code', severity: 'warning', events: [e.id],
      message: `Error ${e.error.code} on ${e.connection} (line ${e.line}) is not in the error catalog.`,
    });
  } else if (e.error === null && !isKnownVerb(e.command)) {
    out.push({
      kind: 'unknown-command', severity: 'note', events: [e.id],
      message: `${describeEvent(e)}: "${e.command}" is not an MSNP command the analyzer knows.`,
    });
  }
}

function unanswered(e: LogEvent): Diagnostic {
  const what = e.command === 'PNG' ? 'PNG got no QNG' : `${describeEvent(e)} on ${e.connection} got no reply`;
  return {
    kind: 'unanswered', severity: 'warning', events: [e.id],
    message: e.command === 'PNG' ? `${what} (line ${e.line}, ${e.connection}).` : `${what}.`,
  };
}

function orphan(e: LogEvent): Diagnostic {
  const which = e.trId === null ? 'has no TrId to match' : `matches no command with TrId ${e.trId} in the log`;
  return {
    kind: 'orphan-reply', severity: 'warning', events: [e.id],
    message: `Reply ${e.command} on ${e.connection} (line ${e.line}) ${which}.`,
  };
}

function duplicate(earlier: LogEvent, later: LogEvent): Diagnostic {
  return {
    kind: 'duplicate-open-trid', severity: 'warning', events: [earlier.id, later.id],
    message: `${describeEvent(later)} reuses TrId ${later.trId ?? '?'} on ${later.connection} while ` +
      `${describeEvent(earlier)} was still waiting for its reply.`,
  };
}

function afterClose(e: LogEvent): Diagnostic {
  return {
    kind: 'after-close', severity: 'warning', events: [e.id],
    message: `${describeEvent(e)} was sent on ${e.connection} after the connection was closed.`,
  };
}

function payloadMismatch(e: LogEvent, declared: number, shown: number, partial: boolean): Diagnostic {
  const message = partial
    ? `${describeEvent(e)} declares a ${declared}-byte payload but the log shows only ${shown} bytes of it.`
    : `${describeEvent(e)} declares a ${declared}-byte payload but its body is ${shown} bytes.`;
  return { kind: 'payload-length-mismatch', severity: partial ? 'note' : 'warning', events: [e.id], message };
}

/** Client verbs that can open a connection: VER, CVR, INF, USR (login or SB), ANS, and MSNP24's CNT. */
const START_VERBS: ReadonlySet<string> = new Set(['VER', 'CVR', 'INF', 'USR', 'ANS', 'CNT']);

function isSessionStart(e: LogEvent): boolean {
  return e.direction === 'client' && START_VERBS.has(e.command);
}

/** Connections the log enters in the middle: the first message is not VER/USR/ANS (a cut or an excerpt). */
function diagnoseMidSession(input: DiagnoseInput, out: Diagnostic[]): void {
  const store = storeOf(input.events);
  for (const c of input.connections) {
    if (c.inferredFrom !== 'first' && c.inferredFrom !== 'log') continue;
    // Most connections of a long log start properly: asked on the columns, so no event is built for them.
    if (store !== undefined && c.firstEvent < store.length && store.dirCode(c.firstEvent) === DIR_CLIENT && START_VERBS.has(store.commandOf(c.firstEvent))) continue;
    const first = input.events[c.firstEvent];
    if (first === undefined || isSessionStart(first)) continue;
    const id: EventId = toEventId(c.firstEvent);
    out.push({
      kind: 'mid-session-start', severity: 'note', events: [id],
      message: `${c.id} starts mid-session: its first message is ${describeEvent(first)}, with no VER or USR ` +
        'before it, so earlier commands and replies are not in the log.',
    });
  }
}
