/**
 * Evaluates filter clauses over the row list. A row is an Int32 code: an event id (>= 0), or `~k` (< 0) for the
 * k-th non-protocol line. Clauses come from the query text and from the view's chips (error ranges, commands,
 * connections, …) and combine with AND. Each clause compiles into a 0/1 mask over all events by one tight loop
 * over typed arrays (event-index.ts); the masks are ANDed, so a million rows filter in tens of milliseconds.
 * Typed-array reads in the hot loops say `as number`: every index is in range by construction, and a `?? 0`
 * per element would cost a branch a million times.
 */
import type { ParseResult } from '../../msnp/types';
import { assertNever } from '../../msnp/assert';
import {
  DIR_CLIENT,
  DIR_SERVER,
  FLAG_ERROR,
  FLAG_INFERRED,
  FLAG_ORPHAN,
  FLAG_UNANSWERED,
  getEventIndex,
  markTextMatches,
  type EventIndex,
} from './event-index';
import type { CodeRange, IsValue, TermBody } from './filter-terms';

/** One condition the rows must meet, whichever control it came from. */
export interface FilterClause {
  /** Stable key, e.g. `q0` for the first query term, `err` for the error-range chips. */
  readonly id: string;
  /** How the user would name it: `cmd:CAL`, `error range 8xx`, `only errors`. */
  readonly label: string;
  readonly origin: 'query' | 'view';
  readonly body: TermBody;
  readonly negated: boolean;
}

/**
 * A clause compiled to a mask over every event (1 = matches), built by one tight loop over typed arrays,
 * plus a mask over the non-protocol lines (only free text can match them; other fields are absent there).
 */
interface Compiled {
  readonly events: Uint8Array;
  readonly lines: Uint8Array;
}

function maskOf(names: readonly string[], keep: (name: string, k: number) => boolean): Uint8Array {
  const m = new Uint8Array(names.length);
  names.forEach((name, k) => {
    m[k] = keep(name, k) ? 1 : 0;
  });
  return m;
}

/** Mask of events whose value in `column` is allowed by the lookup table `allowed`. */
function lookupMask(column: Uint16Array | Int32Array, allowed: Uint8Array): Uint8Array {
  const out = new Uint8Array(column.length);
  for (let i = 0; i < column.length; i++) out[i] = allowed[column[i] as number] as number;
  return out;
}

function codeMask(idx: EventIndex, ranges: readonly CodeRange[]): Uint8Array {
  // Codes are 0..999: decide each code once, then look events up.
  const allowed = new Uint8Array(1000);
  for (const r of ranges) for (let c = Math.max(0, r.min); c <= Math.min(999, r.max); c++) allowed[c] = 1;
  const { code } = idx;
  const out = new Uint8Array(code.length);
  for (let i = 0; i < code.length; i++) {
    const c = code[i] as number;
    if (c >= 0) out[i] = allowed[c] as number;
  }
  return out;
}

function cmdMask(idx: EventIndex, commands: readonly string[]): Uint8Array {
  const allowed = maskOf(idx.commandNames, (name) => commands.includes(name));
  // One pass over both columns (an event matches by its own verb or by the verb of the command it answers).
  const { command, txCommand } = idx;
  const out = new Uint8Array(command.length);
  for (let i = 0; i < out.length; i++) out[i] = (allowed[command[i] as number] as number) | (allowed[txCommand[i] as number] as number);
  return out;
}

function connMask(idx: EventIndex, wanted: readonly string[]): Uint8Array {
  const w = wanted.map((s) => s.toLowerCase());
  const allowed = maskOf(idx.connectionIds, (id, k) => {
    const kind = idx.connectionKinds[k]?.toLowerCase() ?? '';
    const src = idx.connectionSourceNames[k]?.toLowerCase() ?? null;
    const account = idx.connectionAccounts[k] ?? null;
    return w.includes(id.toLowerCase()) || w.includes(kind) || (src !== null && w.includes(src)) || (account !== null && w.includes(account));
  });
  return lookupMask(idx.connection, allowed);
}

function bitMask(column: Uint8Array, bit: number, equals: boolean): Uint8Array {
  const out = new Uint8Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i] as number;
    out[i] = (equals ? v === bit : (v & bit) !== 0) ? 1 : 0;
  }
  return out;
}

function flagBit(what: IsValue): number {
  switch (what) {
    case 'error': return FLAG_ERROR;
    case 'unanswered': return FLAG_UNANSWERED;
    case 'orphan': return FLAG_ORPHAN;
    case 'inferred': return FLAG_INFERRED;
    default: return assertNever(what, 'is: value');
  }
}

function tridMask(idx: EventIndex, trIds: readonly number[]): Uint8Array {
  const set = new Set(trIds);
  const out = new Uint8Array(idx.count);
  for (let i = 0; i < idx.count; i++) out[i] = set.has(idx.trId[i] as number) ? 1 : 0;
  return out;
}

/**
 * A finding's evidence: its messages, and the client's own lines its login ladder cites (the Passport request
 * in a debug log), so that showing the non-protocol lines under a finding filter shows those too.
 */
function findingCompiled(result: ParseResult, idx: EventIndex, value: string): Compiled {
  const v = value.toLowerCase();
  const events = new Uint8Array(result.events.length);
  const cited = new Set<number>();
  for (const f of result.findings) {
    if (f.id.toLowerCase() !== v && f.kind !== v) continue;
    for (const e of f.evidence) if (e < events.length) events[e] = 1;
    if (f.detail.kind === 'login') for (const step of f.detail.attempt.steps) for (const l of step.lines ?? []) cited.add(l);
  }
  const lines = new Uint8Array(idx.npLine.length);
  if (cited.size > 0) for (let k = 0; k < lines.length; k++) lines[k] = cited.has(idx.npLine[k] as number) ? 1 : 0;
  return { events, lines };
}

/** Free text: native `indexOf` over the joined lower-case text (filter-terms lower-cases the needle). */
function textCompiled(idx: EventIndex, text: string): Compiled {
  const events = new Uint8Array(idx.count);
  const lines = new Uint8Array(idx.npLine.length);
  markTextMatches(idx.text, text, events);
  markTextMatches(idx.npText, text, lines);
  return { events, lines };
}

function compileBody(result: ParseResult, idx: EventIndex, body: TermBody): Compiled {
  const only = (events: Uint8Array): Compiled => ({ events, lines: new Uint8Array(idx.npLine.length) });
  switch (body.kind) {
    case 'cmd': return only(cmdMask(idx, body.commands));
    case 'code': return only(codeMask(idx, body.ranges));
    case 'class': return only(codeMask(idx, body.classes.map((c) => classRange(c))));
    case 'dir': return only(bitMask(idx.direction, body.dir === 'client' ? DIR_CLIENT : DIR_SERVER, true));
    case 'conn': return only(connMask(idx, body.connections));
    case 'trid': return only(tridMask(idx, body.trIds));
    case 'is': return only(bitMask(idx.flags, flagBit(body.what), false));
    case 'finding': return findingCompiled(result, idx, body.finding);
    case 'text': return textCompiled(idx, body.text);
    default: return assertNever(body, 'filter term');
  }
}

function classRange(c: string): CodeRange {
  const base = Number(c[0]) * 100;
  return { min: base, max: base + 99 };
}

function andInto(mask: Uint8Array, m: Uint8Array, flip: number): void {
  for (let i = 0; i < mask.length; i++) mask[i] = (mask[i] as number) & ((m[i] as number) ^ flip);
}

/** ANDs every clause into one event mask and one non-protocol line mask (negated clauses flipped). */
function compileAll(result: ParseResult, clauses: readonly FilterClause[]): { mask: Uint8Array; lines: Uint8Array } {
  const idx = getEventIndex(result);
  const mask = new Uint8Array(idx.count).fill(1);
  const lines = new Uint8Array(idx.npLine.length).fill(1);
  for (const clause of clauses) {
    const c = compileBody(result, idx, clause.body);
    const flip = clause.negated ? 1 : 0;
    andInto(mask, c.events, flip);
    andInto(lines, c.lines, flip);
  }
  return { mask, lines };
}

/** The rows meeting every clause, in the given order. Returns `rows` itself when there are no clauses. */
export function filterRows(result: ParseResult, rows: Int32Array, clauses: readonly FilterClause[]): Int32Array {
  if (clauses.length === 0) return rows;
  const { mask, lines } = compileAll(result, clauses);
  const out = new Int32Array(rows.length);
  let m = 0;
  for (let r = 0; r < rows.length; r++) {
    const code = rows[r] as number;
    if ((code >= 0 ? mask[code] : lines[~code]) === 1) out[m++] = code;
  }
  return out.slice(0, m);
}

function anyPasses(result: ParseResult, rows: Int32Array, clauses: readonly FilterClause[]): boolean {
  const { mask, lines } = compileAll(result, clauses);
  for (let r = 0; r < rows.length; r++) {
    const code = rows[r] as number;
    if ((code >= 0 ? mask[code] : lines[~code]) === 1) return true;
  }
  return false;
}

/**
 * For an empty result: the first clause whose removal alone brings rows back, so the UI can say "no rows
 * because of `cmd:CAL`". Null when rows exist, when there are no rows at all, or when no single clause is to blame.
 */
export function findEmptyingClause(
  result: ParseResult,
  rows: Int32Array,
  clauses: readonly FilterClause[],
): FilterClause | null {
  if (rows.length === 0 || anyPasses(result, rows, clauses)) return null;
  for (const c of clauses) {
    if (anyPasses(result, rows, clauses.filter((x) => x !== c))) return c;
  }
  return null;
}
