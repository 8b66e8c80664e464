/**
 * Stage: rules that turn events, connections and pairs into Diagnostics (the "what looks wrong" list).
 *
 * Each rule is a small function over data the earlier stages already computed; none re-reads the log.
 * Reading problems (unreadable lines, no protocol at all, truncation) are the reading half's diagnostics.
 */
import type { Pairing } from './pair';
import type { Connection, Diagnostic, DiagnosticKind, EventId, LogEvent, Severity } from './types';
import { toEventId } from './types';
import { isKnownVerb } from './commands';
import { lookupError } from './error-codes';
import { DiagnosticList } from './diagnostic-list';
import { DIR_CLIENT, STATUS_CODES, storeOf, type EventStore } from './event-store';
import { SESSION_START_VERBS } from './verb-roles';

export interface DiagnoseInput {
  readonly events: readonly LogEvent[];
  readonly connections: readonly Connection[];
  /** `orphans` in log order: the pairing stage's own column. */
  readonly pairing: { readonly orphans: ArrayLike<number>; readonly duplicates: Pairing['duplicates'] };
  /** Client commands sent on a connection already closed. */
  readonly afterClose: ArrayLike<number>;
}

/**
 * Every diagnostic of the meaning stages, in rule order, each rule in event order (a kind past DETAIL_LIMIT summed
 * up after its rule's others). `perEvent`: the per-event rules' output when the caller already ran them on every
 * event in order (`diagnoseStored`, in its own pass over the columns).
 */
export function diagnose(input: DiagnoseInput, perEvent?: DiagnosticList): Diagnostic[] {
  const mid = new DiagnosticList();
  diagnoseMidSession(input, mid);
  let each = perEvent;
  if (each === undefined) {
    each = new DiagnosticList();
    for (const e of input.events) diagnoseEvent(e, each);
  }
  const orphans = new DiagnosticList();
  const orphanIds = input.pairing.orphans;
  for (let k = 0; k < orphanIds.length; k++) {
    const i = orphanIds[k] ?? 0;
    if (!orphans.detailed('orphan-reply')) orphans.sumUp('orphan-reply', 'warning', lineOfEvent(input, i), i);
    else withEvent(input, i, (e) => orphans.push(orphan(e)));
  }
  const duplicates = new DiagnosticList();
  for (const [earlier, later] of input.pairing.duplicates) {
    if (!duplicates.detailed('duplicate-open-trid')) duplicates.sumUp('duplicate-open-trid', 'warning', lineOfEvent(input, later), earlier, later);
    else withEvent(input, earlier, (a) => withEvent(input, later, (b) => duplicates.push(duplicate(a, b))));
  }
  const after = new DiagnosticList();
  for (let k = 0; k < input.afterClose.length; k++) {
    const i = input.afterClose[k] ?? 0;
    if (!after.detailed('after-close')) after.sumUp('after-close', 'warning', lineOfEvent(input, i), i);
    else withEvent(input, i, (e) => after.push(afterClose(e)));
  }
  return [...mid.done(), ...each.done(), ...orphans.done(), ...duplicates.done(), ...after.done()];
}

function withEvent(input: DiagnoseInput, i: number, f: (e: LogEvent) => void): void {
  const e = input.events[i];
  if (e !== undefined) f(e);
}

/** The source line of event i, from the columns when there are any (no event is built for a summed-up one). */
function lineOfEvent(input: DiagnoseInput, i: number): number {
  const store = storeOf(input.events);
  return store !== undefined && i < store.length ? store.lineOf(i) : (input.events[i]?.line ?? 0);
}

/** `CAL 5 (line 12)`; the short way every message names an event. */
export function describeEvent(e: LogEvent): string {
  const tr = e.trId === null ? '' : ` ${e.trId}`;
  return `${e.command}${tr} (line ${e.line})`;
}

/**
 * The per-event rules for event i of a store: the columns say whether any rule can fire, and only then is the
 * LogEvent built (on a million events, building each one just to find nothing to say would cost seconds), and not
 * at all for a kind already past its limit. `known` is `knownVerbTable(store)`.
 */
export function diagnoseStored(store: EventStore, i: number, out: DiagnosticList, known: Uint8Array): void {
  const code = store.codeOf(i);
  const fires = store.statusCode(i) === UNANSWERED_CODE
    || store.payloadLengthOff(i)
    || (code >= 0 ? !lookupError(code).known : known[store.verbIdOf(i)] !== 1);
  if (fires) diagnoseFiring(store, i, code, out, known);
}

/** diagnoseStored for an event some rule fires on (its own function: the loop over every event stays small). */
function diagnoseFiring(store: EventStore, i: number, code: number, out: DiagnosticList, known: Uint8Array): void {
  let view: LogEvent | undefined;
  // A view: the rules read a few fields (a long log has tens of thousands of unanswered commands).
  const facts: EventFacts = {
    unanswered: store.statusCode(i) === UNANSWERED_CODE,
    length: !store.payloadLengthOff(i) ? 'ok' : store.payloadCut(i) ? 'cut' : 'differs',
    unknown: code >= 0 ? (lookupError(code).known ? null : 'unknown-error-code') : known[store.verbIdOf(i)] === 1 ? null : 'unknown-command',
  };
  applyRules(out, facts, i, store.lineOf(i), () => (view ??= store.view(i)));
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
export function diagnoseEvent(e: LogEvent, out: DiagnosticList): void {
  const p = e.payload;
  const lengthOff = p !== null && (p.visibility === 'full' || p.visibility === 'partial') && p.shownBytes !== null && p.shownBytes !== p.declaredBytes;
  const facts: EventFacts = {
    unanswered: e.status === 'unanswered',
    length: !lengthOff ? 'ok' : p.visibility === 'partial' ? 'cut' : 'differs',
    unknown: e.error !== null ? (e.error.known ? null : 'unknown-error-code') : isKnownVerb(e.command) ? null : 'unknown-command',
  };
  applyRules(out, facts, e.id, e.line, () => e);
}

/** Which per-event rules fire for an event, from its columns or its LogEvent. */
interface EventFacts {
  readonly unanswered: boolean;
  /** The shown payload against its declared length; `cut`: the log shows fewer bytes (a note, not a wrong length). */
  readonly length: 'ok' | 'differs' | 'cut';
  readonly unknown: 'unknown-error-code' | 'unknown-command' | null;
}

function applyRules(out: DiagnosticList, f: EventFacts, id: number, line: number, event: () => LogEvent): void {
  if (f.unanswered) put(out, 'unanswered', 'warning', id, line, () => unanswered(event()));
  if (f.length !== 'ok') put(out, 'payload-length-mismatch', f.length === 'cut' ? 'note' : 'warning', id, line, () => payloadMismatch(event()));
  if (f.unknown === 'unknown-error-code') put(out, f.unknown, 'warning', id, line, () => unknownCode(event()));
  else if (f.unknown === 'unknown-command') put(out, f.unknown, 'note', id, line, () => unknownCommand(event()));
}

/** A diagnostic of its own while its kind is under the limit, else one more event for the kind's summary. */
function put(out: DiagnosticList, kind: DiagnosticKind, severity: Severity, id: number, line: number, make: () => Diagnostic): void {
  if (out.detailed(kind)) out.push(make());
  else out.sumUp(kind, severity, line, id);
}

function unknownCode(e: LogEvent): Diagnostic {
  return {
    kind: 'unknown-error-code', severity: 'warning', events: [e.id],
    message: `Error ${e.error?.code ?? e.command} on ${e.connection} (line ${e.line}) is not in the error catalog.`,
  };
}

function unknownCommand(e: LogEvent): Diagnostic {
  return {
    kind: 'unknown-command', severity: 'note', events: [e.id],
    message: `${describeEvent(e)}: "${e.command}" is not an MSNP command the analyzer knows.`,
  };
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

function payloadMismatch(e: LogEvent): Diagnostic {
  const p = e.payload;
  const declared = p?.declaredBytes ?? 0;
  const shown = p?.shownBytes ?? 0;
  const partial = p?.visibility === 'partial';
  const message = partial
    ? `${describeEvent(e)} declares a ${declared}-byte payload but the log shows only ${shown} bytes of it.`
    : `${describeEvent(e)} declares a ${declared}-byte payload but its body is ${shown} bytes.`;
  return { kind: 'payload-length-mismatch', severity: partial ? 'note' : 'warning', events: [e.id], message };
}

function isSessionStart(e: LogEvent): boolean {
  return e.direction === 'client' && SESSION_START_VERBS.has(e.command);
}

/** Connections the log enters in the middle: the first message is not VER/USR/ANS (a cut or an excerpt). */
function diagnoseMidSession(input: DiagnoseInput, out: DiagnosticList): void {
  const store = storeOf(input.events);
  for (const c of input.connections) {
    // A switchboard known only from a note naming its session (papyon's `Leaving switchboard <id>`) shows its
    // first line wherever the log first writes it: that may be mid-way too.
    if (c.inferredFrom !== 'first' && c.inferredFrom !== 'log' && c.inferredFrom !== 'session-note') continue;
    // Most connections of a long log start properly: asked on the columns, so no event is built for them.
    if (store !== undefined && c.firstEvent < store.length && store.dirCode(c.firstEvent) === DIR_CLIENT && SESSION_START_VERBS.has(store.commandOf(c.firstEvent))) continue;
    const first = input.events[c.firstEvent];
    if (first === undefined || isSessionStart(first)) continue;
    if (!out.detailed('mid-session-start')) {
      out.sumUp('mid-session-start', 'note', first.line, c.firstEvent);
      continue;
    }
    const id: EventId = toEventId(c.firstEvent);
    out.push({
      kind: 'mid-session-start', severity: 'note', events: [id],
      message: `${c.id} starts mid-session: its first message is ${first.direction === 'server' ? 'the server\'s ' : ''}${describeEvent(first)}, ` +
        // A switchboard never sends VER: the client joins it with USR (caller) or ANS (callee).
        `${c.kind === 'SB' ? 'with no USR or ANS from the client (joining the switchboard)' : 'with no VER or USR from the client'} before it, so earlier commands and replies are not in the log.`,
    });
  }
}
