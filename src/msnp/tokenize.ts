/**
 * Stage 3: one MSNP line (dialect prefix already removed) → command or error code, TrId, raw params, and the
 * declared payload length. Whether a TrId or a payload exists comes from the command table (commands.ts), not
 * from the shape of the tokens. Tokens are split on single spaces exactly as the wire does, so a deleted address
 * leaves an empty parameter instead of shifting the others.
 *
 * Hot path: no regex, one slice per kept token, verbs interned.
 */
import { commandSpec, type CommandSpec } from './commands';
import type { Direction } from './types';
import { verbCodeOfChars, verbOfCode } from './verb-code';

export interface Tokens {
  /** `USR`, `911`, or an unknown verb as written. */
  readonly command: string;
  readonly errorCode: number | null;
  readonly trId: number | null;
  /** The TrId position holds a documentation placeholder (`ADL TrId …`, `240 <TrId>`): trId is null. */
  readonly trIdPlaceholder: boolean;
  /** Params split on single spaces; built on first use (the hot path never asks for most lines). */
  readonly params: readonly string[];
  /** Char offset in the raw line where the params start (past the end when there are none). */
  readonly paramsFrom: number;
  /** The payload length the line declares (last token, in bytes); null when the command carries none. */
  readonly declaredBytes: number | null;
  readonly spec: CommandSpec;
  /** The line the tokens were read from. */
  readonly raw: string;
}

/** Tokens whose params array is cut from the raw line only when someone reads it. */
class LineTokens implements Tokens {
  private split: readonly string[] | null = null;
  constructor(
    readonly raw: string,
    readonly command: string,
    readonly errorCode: number | null,
    readonly trId: number | null,
    readonly trIdPlaceholder: boolean,
    readonly paramsFrom: number,
    readonly declaredBytes: number | null,
    readonly spec: CommandSpec,
  ) {}

  get params(): readonly string[] {
    this.split ??= this.paramsFrom > this.raw.length ? NO_PARAMS : splitParams(this.raw, this.paramsFrom);
    return this.split;
  }
}

const MAX_TRID = 4_294_967_295;
/** Shared by every message without parameters. */
const NO_PARAMS: readonly string[] = Object.freeze([]);

/** Verb or 3-digit code: 3 upper-case letters or 3 digits, followed by a space or the end. */
export function readVerb(raw: string): string | null {
  if (raw.length < 3 || (raw.length > 3 && raw.charCodeAt(3) !== 32)) return null;
  const a = raw.charCodeAt(0);
  const b = raw.charCodeAt(1);
  const c = raw.charCodeAt(2);
  const upper = isUpper(a) && isUpper(b) && isUpper(c);
  if (!upper && !(isDigit(a) && isDigit(b) && isDigit(c))) return null;
  return verbOfCodes(a, b, c);
}

/** The interned verb of three char codes (already checked to be a verb or a code). */
export function verbOfCodes(a: number, b: number, c: number): string {
  return verbOfCode(verbCodeOfChars(a, b, c), a, b, c);
}

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Tokenize an MSNP line; null when it does not start with a verb or an error code. */
export function tokenizeLine(raw: string, direction: Direction | null): Tokens | null {
  const command = readVerb(raw);
  if (command === null) return null;
  const isError = isDigit(command.charCodeAt(0));
  const spec = commandSpec(command, direction);
  let from = 4;
  let trId: number | null = null;
  let trIdPlaceholder = false;
  if (spec.trId !== 'never' && raw.length > 3) {
    // Read the TrId in place rather than splitting it off and shifting the params array.
    let sp = raw.indexOf(' ', 4);
    if (sp === -1) sp = raw.length;
    trId = parseTrIdAt(raw, 4, sp);
    trIdPlaceholder = trId === null && spec.trId === 'always' && isTrIdPlaceholder(raw, 4, sp);
    if (trId !== null || trIdPlaceholder) from = sp + 1;
  }
  // `200 OK`, `500 Internal Server Error`: HTTP status text, not an MSNP error reply.
  if (isError && trId === null && !trIdPlaceholder && raw.length > 3) return null;
  const declaredBytes = spec.payload && from <= raw.length ? readLastLength(raw, from) : null;
  return new LineTokens(raw, command, isError ? Number(command) : null, trId, trIdPlaceholder, from, declaredBytes, spec);
}

/**
 * Split on single spaces from `from`; `a  b` gives an empty middle token, a trailing space an empty last one.
 * The tokens are counted first so the array is allocated at its exact size: params live as long as the result,
 * and an array grown by push keeps a spare capacity of ~16 slots per message.
 */
export function splitParams(raw: string, from: number): string[] {
  if (from > raw.length) return [];
  let n = 1;
  for (let sp = raw.indexOf(' ', from); sp !== -1; sp = raw.indexOf(' ', sp + 1)) n++;
  const out = new Array<string>(n);
  let pos = from;
  for (let k = 0; k < n - 1; k++) {
    const sp = raw.indexOf(' ', pos);
    out[k] = raw.slice(pos, sp);
    pos = sp + 1;
  }
  out[n - 1] = raw.slice(pos);
  return out;
}

/** A decimal TrId in 0..2^32-1; null otherwise (too long, signs, letters). */
export function parseTrId(token: string): number | null {
  return parseTrIdAt(token, 0, token.length);
}

/** parseTrId on text[from, to) without slicing it out. */
function parseTrIdAt(text: string, from: number, to: number): number | null {
  const n = to - from;
  if (n <= 0 || n > 10) return null;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  return v <= MAX_TRID ? v : null;
}

/** Documentation writes `ADL TrId xxx` or `<TrId>` where a number belongs: text[from, to) is such a token. */
function isTrIdPlaceholder(text: string, from: number, to: number): boolean {
  const n = to - from;
  if (n < 4 || n > 7) return false;
  const t = text.slice(from, to).toLowerCase();
  return t === 'trid' || t === '<trid>' || t === 'tr_id' || t === '<trid>,';
}

/** The last space-separated token of raw[from…] as a byte count (up to 9 digits), else null. */
function readLastLength(raw: string, from: number): number | null {
  const sp = raw.lastIndexOf(' ');
  const start = sp < from ? from : sp + 1;
  const n = raw.length - start;
  if (n <= 0 || n > 9) return null;
  let v = 0;
  for (let i = start; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  return v;
}

/**
 * Whether the params of raw[from…] show a redaction: an empty token where `emptyMeansRedacted` (a client line),
 * or a placeholder someone typed over an address. Scans chars; slices only tokens that start like a placeholder.
 */
export function paramsLookRedacted(raw: string, from: number, emptyMeansRedacted: boolean, isPlaceholder: (token: string) => boolean): boolean {
  if (from > raw.length) return false;
  let pos = from;
  for (;;) {
    let sp = raw.indexOf(' ', pos);
    if (sp === -1) sp = raw.length;
    if (sp === pos) {
      if (emptyMeansRedacted) return true;
    } else {
      const c = raw.charCodeAt(pos);
      if ((c === 42 || c === 88 || c === 60) && isPlaceholder(raw.slice(pos, sp))) return true;
    }
    if (sp === raw.length) return false;
    pos = sp + 1;
  }
}

/** A parameter as a person reads it: URL-decoded (`My%20Name` → `My Name`); the raw token when it is not valid. */
export function displayParam(param: string): string {
  if (param.indexOf('%') === -1) return param;
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

/** Parameters joined for display, each URL-decoded. */
export function displayParams(params: readonly string[]): string {
  return params.map(displayParam).join(' ');
}
