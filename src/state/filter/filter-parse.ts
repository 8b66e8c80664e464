/**
 * Parses the search box's small filter language into terms, and names every problem with its position.
 * Example: `cmd:CAL code:>=700 -dir:client conn:SB2 "blocking_you"`.
 *
 * Grammar (informal): terms separated by spaces; a term is an optional `-` (negation), then either
 * `field:value` (value bare or "quoted", commas meaning "any of") or free text (bare word or "quoted phrase").
 * Terms combine with AND. A broken term is reported and left out, so the rest of the query still filters.
 */
import type { Direction, ErrorClass } from '../../msnp/types';
import {
  FIELDS,
  IS_VALUES,
  type CodeRange,
  type FieldName,
  type FilterProblem,
  type FilterTerm,
  type IsValue,
  type ParsedFilter,
  type TermBody,
} from './filter-terms';

interface RawTerm {
  readonly start: number;
  readonly end: number;
  readonly negated: boolean;
  readonly field: string | null;
  /** Where the value starts (after `field:` and any quote). */
  readonly valueStart: number;
  readonly value: string;
  readonly quoted: boolean;
  readonly unterminated: boolean;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Reads a bare or quoted run starting at `i`; returns its text and where it ends. */
function readRun(q: string, i: number): { text: string; end: number; quoted: boolean; unterminated: boolean } {
  if (q[i] === '"') {
    const close = q.indexOf('"', i + 1);
    if (close < 0) return { text: q.slice(i + 1), end: q.length, quoted: true, unterminated: true };
    return { text: q.slice(i + 1, close), end: close + 1, quoted: true, unterminated: false };
  }
  let j = i;
  while (j < q.length && !isSpace(q[j])) j++;
  return { text: q.slice(i, j), end: j, quoted: false, unterminated: false };
}

// `cmd:CAL`, `code:>=700`, `finding:rate-limit-1`: a field is letters/digits then a colon.
const FIELD_RE = /^([A-Za-z][A-Za-z0-9_]*):/;

function readTerm(q: string, start: number): RawTerm {
  let i = start;
  const negated = q[i] === '-' && i + 1 < q.length && !isSpace(q[i + 1]);
  if (negated) i++;
  const m = q[i] === '"' ? null : FIELD_RE.exec(q.slice(i));
  const field = m?.[1] ?? null;
  const valueAt = m ? i + m[0].length : i;
  const run = readRun(q, valueAt);
  return {
    start,
    end: run.end,
    negated,
    field,
    valueStart: run.quoted ? valueAt + 1 : valueAt,
    value: run.text,
    quoted: run.quoted,
    unterminated: run.unterminated,
  };
}

function tokenize(q: string): RawTerm[] {
  const out: RawTerm[] = [];
  let i = 0;
  while (i < q.length) {
    if (isSpace(q[i])) {
      i++;
      continue;
    }
    const t = readTerm(q, i);
    out.push(t);
    i = Math.max(t.end, i + 1);
  }
  return out;
}

/** Classic edit distance, for "did you mean". Inputs are a few characters long. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The closest known word within two edits, if any. */
export function suggest(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k);
    const prefix = k.startsWith(word.toLowerCase()) || word.toLowerCase().startsWith(k);
    const score = prefix ? Math.min(d, 1) : d;
    if (score < bestD) {
      bestD = score;
      best = k;
    }
  }
  return best;
}

type BodyOrProblem = TermBody | string;

// ---- field readers: each returns a term body or a problem message ----

function splitValues(value: string): string[] {
  return value.split(',').map((s) => s.trim());
}

/**
 * `XFR|CHG` or `800/911`: several values joined the way other search tools join them. The language takes
 * commas, so the problem shows the same values written that way.
 */
function severalValuesProblem(v: string, noun: string, field: FieldName): string | null {
  if (!/[|/]/.test(v)) return null;
  const parts = v.split(/[|/]/).map((x) => x.trim()).filter((x) => x !== '');
  return `\`${v}\` is not a ${noun}: for several ${noun}s use commas, \`${field}:${parts.join(',')}\``;
}

function readCmd(value: string): BodyOrProblem {
  const commands: string[] = [];
  for (const v of splitValues(value)) {
    const several = severalValuesProblem(v, 'command', 'cmd');
    if (several !== null) return several;
    // `CAL`, `usr`, `911`: letters or digits, as verbs are written.
    if (!/^[A-Za-z0-9]{2,5}$/.test(v)) return `\`${v}\` is not a command: use letters such as \`cmd:CAL\``;
    commands.push(v.toUpperCase());
  }
  return { kind: 'cmd', commands };
}

const CODE_HINT = 'use 3 digits (`800`), a range (`8xx`) or a comparison (`>=700`)';

function readCodeRange(v: string): CodeRange | string {
  // `>=700`, `<300`, `>5xx`
  const cmp = /^(>=|<=|>|<)(.*)$/.exec(v);
  if (cmp) {
    const op = cmp[1] ?? '';
    const rest = cmp[2] ?? '';
    if (!/^\d{3}$/.test(rest)) return `code must be 3 digits after \`${op}\`, got \`${rest}\``;
    const n = Number(rest);
    if (op === '>=') return { min: n, max: 999 };
    if (op === '>') return { min: n + 1, max: 999 };
    if (op === '<=') return { min: 0, max: n };
    return { min: 0, max: n - 1 };
  }
  if (/^[2-9]xx$/i.test(v)) {
    const base = Number(v[0]) * 100;
    return { min: base, max: base + 99 };
  }
  if (/^\d{3}-\d{3}$/.test(v)) {
    const [a, b] = v.split('-').map(Number);
    return { min: Math.min(a ?? 0, b ?? 0), max: Math.max(a ?? 0, b ?? 0) };
  }
  if (/^\d{3}$/.test(v)) return { min: Number(v), max: Number(v) };
  return `code must be 3 digits, got \`${v}\`: ${CODE_HINT}`;
}

function readCode(value: string): BodyOrProblem {
  const ranges: CodeRange[] = [];
  for (const v of splitValues(value)) {
    const several = severalValuesProblem(v, 'code', 'code');
    if (several !== null) return several;
    const r = readCodeRange(v);
    if (typeof r === 'string') return r;
    ranges.push(r);
  }
  return { kind: 'code', ranges };
}

function readClass(value: string): BodyOrProblem {
  const classes: ErrorClass[] = [];
  for (const v of splitValues(value)) {
    // `8xx` or just `8`
    const m = /^([2-9])(xx)?$/i.exec(v);
    if (!m) return `class must be an error range from \`2xx\` to \`9xx\`, got \`${v}\``;
    classes.push(`${m[1] ?? '2'}xx` as ErrorClass);
  }
  return { kind: 'class', classes };
}

function readDir(value: string): BodyOrProblem {
  const v = value.toLowerCase();
  const dir: Direction | null =
    v === 'client' || v === 'c' || v === 'out' ? 'client' : v === 'server' || v === 's' || v === 'in' ? 'server' : null;
  return dir ? { kind: 'dir', dir } : `dir must be \`client\` or \`server\`, got \`${value}\``;
}

function readConn(value: string): BodyOrProblem {
  const connections = splitValues(value);
  for (const c of connections) {
    const several = severalValuesProblem(c, 'connection', 'conn');
    if (several !== null) return several;
  }
  const badOne = connections.find((c) => !/^[A-Za-z0-9_.:+@-]+$/.test(c));
  return badOne === undefined
    ? { kind: 'conn', connections }
    : `\`${badOne}\` is not a connection: use an id such as \`SB2\`, a kind such as \`SB\`, or an account`;
}

function readTrId(value: string): BodyOrProblem {
  const trIds: number[] = [];
  for (const v of splitValues(value)) {
    if (!/^\d{1,9}$/.test(v)) return `trid must be a number, got \`${v}\``;
    trIds.push(Number(v));
  }
  return { kind: 'trid', trIds };
}

function readIs(value: string): BodyOrProblem {
  const what: IsValue | undefined = IS_VALUES.find((x) => x === value.toLowerCase());
  if (what) return { kind: 'is', what };
  const s = suggest(value, IS_VALUES);
  return `\`is:${value}\` is unknown${s ? ` — did you mean \`is:${s}\`?` : ''} (use ${IS_VALUES.join(', ')})`;
}

function readField(field: FieldName, value: string): BodyOrProblem {
  switch (field) {
    case 'cmd': return readCmd(value);
    case 'code': return readCode(value);
    case 'class': return readClass(value);
    case 'dir': return readDir(value);
    case 'conn': return readConn(value);
    case 'trid': return readTrId(value);
    case 'is': return readIs(value);
    case 'finding': return { kind: 'finding', finding: value };
  }
}

function at(pos: number): string {
  return ` (at column ${pos + 1})`;
}

function toTerm(q: string, raw: RawTerm): FilterTerm | FilterProblem {
  const base = { negated: raw.negated, start: raw.start, end: raw.end, source: q.slice(raw.start, raw.end) };
  if (raw.unterminated) return { start: raw.start, end: raw.end, message: `missing closing quote \`"\`${at(raw.start)}` };
  if (raw.field === null) return { ...base, body: { kind: 'text', text: raw.value.toLowerCase() } };
  const fieldStart = raw.start + (raw.negated ? 1 : 0);
  const field = FIELDS.find((f) => f === raw.field?.toLowerCase());
  if (!field) {
    const s = suggest(raw.field, FIELDS);
    const hint = s ? ` — did you mean \`${s}:\`?` : ` — to search for this text, put it in quotes`;
    return { start: fieldStart, end: fieldStart + raw.field.length + 1, message: `unknown field \`${raw.field}:\`${hint}${at(fieldStart)}` };
  }
  if (raw.value === '') return { start: raw.start, end: raw.end, message: `\`${field}:\` needs a value${at(raw.start)}` };
  const body = readField(field, raw.value);
  if (typeof body === 'string') return { start: raw.valueStart, end: raw.end, message: `${body}${at(raw.valueStart)}` };
  return { ...base, body };
}

/** A bare upper-case `OR`: someone expects boolean logic, which the language does not have. */
function isBareOr(raw: RawTerm): boolean {
  return raw.field === null && !raw.negated && !raw.quoted && raw.value === 'OR';
}

/**
 * `cmd:REA OR cmd:CHG` gives no rows (every term must match), silently if OR were searched as text. The
 * example joins the neighbours' values when they are of one field, else it is a generic one.
 */
function orProblem(raws: readonly RawTerm[], k: number): FilterProblem {
  const raw = raws[k];
  const before = raws[k - 1];
  const after = raws[k + 1];
  const sameField =
    before !== undefined && after !== undefined && before.field !== null && before.field.toLowerCase() === after.field?.toLowerCase();
  const example = sameField ? `${before.field?.toLowerCase() ?? ''}:${before.value},${after.value}` : 'cmd:XFR,CHG';
  const start = raw?.start ?? 0;
  return {
    start,
    end: raw?.end ?? start,
    message: `there is no \`OR\`: every term must match; for any of several values use commas, such as \`${example}\`${at(start)}`,
  };
}

/** Parses a query; never throws. Broken terms become problems and are left out of `terms`. */
export function parseFilter(query: string): ParsedFilter {
  const terms: FilterTerm[] = [];
  const problems: FilterProblem[] = [];
  const raws = tokenize(query);
  for (let k = 0; k < raws.length; k++) {
    const raw = raws[k];
    if (raw === undefined) continue;
    if (isBareOr(raw)) {
      problems.push(orProblem(raws, k));
      continue;
    }
    if (raw.field === null && !raw.unterminated && !raw.negated && raw.value === '-') {
      problems.push({ start: raw.start, end: raw.end, message: `nothing after \`-\`${at(raw.start)}` });
      continue;
    }
    if (raw.field === null && raw.value === '' && !raw.unterminated) continue; // `""` matches everything
    const t = toTerm(query, raw);
    if ('body' in t) terms.push(t);
    else problems.push(t);
  }
  return { terms, problems };
}
