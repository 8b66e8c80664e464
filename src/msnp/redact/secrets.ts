/**
 * Values found by their POSITION in a protocol message rather than by their shape: a switchboard cookie is
 * the token after `CKI`, a session id is the first token of `RNG`, a friendly name is the token after the
 * handle in `IRO`/`JOI`/`NLN`/`ILN`. Reads the parsed events (command, params) so every dialect's prefix and
 * markup are already out of the way. Facts: msnp-protocol.md §2 (command table) and §6 (switchboard flow).
 */
import type { LogEvent } from '../types';
import { usrPackageOf } from '../usr-packages';
import type { PseudoShape } from './pseudonyms';

export interface Secret {
  readonly shape: PseudoShape;
  readonly value: string;
  /**
   * A token the value follows on its line (the handle before a nickname, `CKI` before a cookie), to find the right
   * occurrence: a short value (session id `1`) may also be the line's TrId.
   */
  /** The value is params[param] of its event: located by counting the line's tokens where the line allows. */
  readonly param?: number;
  readonly anchor: string | null;
  /** Written before the value in the same token (`F=` of `F=Bob`); stays as written. */
  readonly prefix?: string;
  /**
   * The value is a whole `t=…&p=…` ticket token: only its t and p values are replaced, so the `t=` and `&p=` that
   * the findings read (an un-decoded `&amp;`, a missing `p`) stay as written.
   */
  readonly ticketToken?: true;
}

const NAME_PROPERTIES: ReadonlySet<string> = new Set(['MFN', 'PHH', 'PHW', 'PHM', 'MOB']);

// The part of a nonce, hash or ticket token that belongs to it: `5UOfGRTi…JVG` of `5UOfGRTi…JVG(10:00:56)` when the
// log glued its next line on (libpurple pastes). A TWN policy string is one token of `key=value,` pairs.
const SECRET_CHARS_RE = /^[A-Za-z0-9+/=!*$_.%,:-]+/;
// Placeholders documentation writes where a secret would be: `t=53*1hAu… . . .`, `…`.
const PLACEHOLDER_RE = /^[.…]+$/;

const isHandle = (t: string): boolean => t.includes('@');
const isDigits = (t: string): boolean => /^\d+$/.test(t);
const isGuidish = (t: string): boolean => /^\{?[0-9A-Fa-f-]{36}\}?$/.test(t);

function secret(shape: PseudoShape, value: string | undefined, anchor: string | null = null): Secret[] {
  return value === undefined || value === '' ? [] : [{ shape, value, anchor }];
}

/** Marks secrets as params[index], so that a short one is found by counting tokens, not by its text. */
function atParam(secrets: Secret[], index: number): Secret[] {
  return secrets.map((s) => ({ ...s, param: index }));
}

function after(params: readonly string[], marker: string): string | undefined {
  const i = params.indexOf(marker);
  return i < 0 ? undefined : params[i + 1];
}

/** The friendly name after a handle: `NLN NLN bob@x.com Bob 1073741824`; MSNP14+ puts a network id between. */
function nameAfterHandle(params: readonly string[], shape: PseudoShape = 'nick'): Secret[] {
  const h = params.findIndex(isHandle);
  if (h < 0) return [];
  const handle = params[h] ?? null;
  const rest = params.slice(h + 1);
  const first = rest[0];
  const skipNetId = first !== undefined && /^\d{1,2}$/.test(first) && rest.length >= 3;
  const name = skipNetId ? rest[1] : first;
  if (name === undefined || isDigits(name) || isHandle(name)) return [];
  return secret(shape, name, skipNetId ? first ?? handle : handle);
}

// `t=9YYa!qOc…&p=9zKX…`, `t=EwB4…&amp;p=` (un-decoded), `t=some_invalid_value` (no p at all)
const TICKET_PARTS_RE = /^t=([^&\s]*)(?:&(?:amp;)?p=(\S*))?/;

/** The t and p values of a `t=…&p=…` token with their offsets in it (empty values left out). */
export function ticketParts(token: string): { offset: number; value: string }[] {
  const m = TICKET_PARTS_RE.exec(token);
  if (m === null) return [];
  const t = m[1] ?? '';
  const p = m[2] ?? '';
  const parts = t === '' ? [] : [{ offset: 2, value: t }];
  if (p !== '') parts.push({ offset: m[0].length - p.length, value: p });
  return parts;
}

/**
 * The secret of an authentication step, found by its position alone and so whatever its length: a three-character
 * salt or hash in a documentation log is as much a secret as a 64-character nonce. Only the positions the
 * protocol defines are read (msnp-protocol.md §4.1), so prose a log glued onto the line is never taken for one.
 */
function authSecret(shape: PseudoShape, token: string | undefined, anchor: string): Secret[] {
  // An address where a ticket belongs (`USR 3 TWN S example@passport.com`) is an address: the shape scan has it.
  if (token === undefined || PLACEHOLDER_RE.test(token) || isGuidish(token) || isHandle(token)) return [];
  if (token.startsWith('t=')) return [{ shape: 'ticket', value: token, anchor, ticketToken: true }];
  return secret(shape, SECRET_CHARS_RE.exec(token)?.[0], anchor);
}

function usrSecrets(e: LogEvent): Secret[] {
  const p = e.params;
  const [first, second] = p;
  if (first === 'OK') {
    const name = p[2];
    return name !== undefined && !isDigits(name) && !isHandle(name) ? secret('nick', name, p[1] ?? null) : [];
  }
  // MSNP18 circles: `USR 9 SHA A <base64 ticket>`.
  if (first === 'SHA' && second === 'A') return authSecret('ticket', p[2], ' A ');
  // The package as written (upper case, as the protocol writes it): usr-packages.ts is the one list of them.
  const named = usrPackageOf(first);
  const pkg = named !== null && named === first ? named : null;
  if (pkg !== null && second === 'S') {
    // MSNP2's clear-text CTP (msnp-protocol.md §4): any token of the client's `S` step is the password itself,
    // whatever its shape — a short password is no ticket-shaped token.
    if (e.direction === 'client' && pkg === 'CTP') return p.slice(2).flatMap((t) => secret('ticket', t));
    if (e.direction === 'server') {
      // `USR 5 MD5 S <salt>`, `USR 6 TWN S <policy string>`, `USR 5 SSO S MBI_KEY_OLD <nonce>`
      const at = p[2] !== undefined && /^MBI/.test(p[2]) ? 3 : 2;
      return authSecret('nonce', p[at], at === 3 ? (p[2] ?? ' S ') : ' S ');
    }
    // `USR 6 MD5 S <hash>`, `USR 7 TWN S t=…&p=…`, `USR 6 SSO S t=…&p= <response> {machine guid}`
    return [...authSecret('ticket', p[2], ' S '), ...(first === 'SSO' ? authSecret('ticket', p[3], ' S ') : [])];
  }
  // Switchboard authentication: `USR 1 bob@x.com;{guid} 9933.1163.2111` (the second token is the cookie).
  if (first !== undefined && isHandle(first) && second !== undefined) return atParam(secret('cookie', second, first), 1);
  return [];
}

function rngSecrets(p: readonly string[]): Secret[] {
  // `RNG 11752013 64.4.12.1:1863 CKI 849102291.520491113 bob@x.com Bob%20Smith`
  return [...atParam(secret('session', p[0], 'RNG'), 0), ...secret('cookie', after(p, 'CKI'), 'CKI'), ...nameAfterHandle(p)];
}

/** Tokens of a name property: `PRP 8 MFN Bob`, `SBP 9 {guid} MFN Bob`, `BPR PHH 555%20123`. */
function propertySecrets(p: readonly string[]): Secret[] {
  const i = p.findIndex((t) => NAME_PROPERTIES.has(t));
  const marker = p[i];
  return i < 0 || marker === undefined ? [] : secret('nick', p[i + 1], marker);
}

function listSecrets(p: readonly string[]): Secret[] {
  // `ADC 7 FL N=bob@x.com F=Bob`, `LST N=bob@x.com F=Bob C=guid 11`, MSNP8 `LST bob@x.com Bob 11 0`
  const f = p.find((t) => t.startsWith('F='));
  if (f !== undefined) return f.length > 2 ? [{ shape: 'nick', value: f.slice(2), anchor: null, prefix: 'F=' }] : [];
  return nameAfterHandle(p);
}

/**
 * `CHL 0 15570131571988941333`: the token after the TrId, whatever its length. Doc logs drop the TrId
 * (`S: CHL 12345678901234567890`), so a lone token is a challenge only when it cannot be a TrId (six characters or
 * more, or not digits), and a client's `CHL 5` (MSNP2's request for a challenge) carries none.
 */
function chlSecrets(e: LogEvent): Secret[] {
  const tokens = e.raw.trim().split(/\s+/);
  const at = tokens.lastIndexOf('CHL');
  const rest = at < 0 ? [] : tokens.slice(at + 1);
  const last = rest[rest.length - 1];
  if (last === undefined || (rest.length === 1 && isDigits(last) && last.length < 6)) return [];
  return secret('challenge', last, 'CHL');
}

/** Every positional secret one event carries. */
export function secretsOf(e: LogEvent): Secret[] {
  const p = e.params;
  switch (e.command) {
    case 'XFR':
      return secret('cookie', after(p, 'CKI'), 'CKI');
    case 'RNG':
      return rngSecrets(p);
    case 'ANS':
      // `ANS 1 bob@x.com;{guid} 849102291.520491113 11752013`
      return p.length >= 3 && p[1] !== 'OK' ? [...atParam(secret('cookie', p[1], p[0] ?? null), 1), ...atParam(secret('session', p[2], p[1] ?? null), 2)] : [];
    case 'USR':
      return usrSecrets(e);
    case 'CAL':
      return p[0] === 'RINGING' ? atParam(secret('session', p[1], 'RINGING'), 1) : [];
    case 'CHL':
      return chlSecrets(e);
    case 'ILN':
    case 'NLN':
    case 'IRO':
    case 'JOI':
    case 'ADD':
      return nameAfterHandle(p);
    case 'REA': {
      const last = p[p.length - 1];
      return p.length >= 2 && last !== undefined && !isHandle(last) && !isDigits(last) ? secret('nick', last, p[p.length - 2] ?? null) : [];
    }
    case 'PRP':
    case 'SBP':
    case 'BPR':
      return propertySecrets(p);
    case 'ADC':
    case 'LST':
      return listSecrets(p);
    case 'MSG':
      // Switchboard `MSG bob@x.com Bob%20Smith 133` (the NS sends `MSG Hotmail Hotmail 1462`: no person)
      return p[0] !== undefined && isHandle(p[0]) && p.length >= 3 ? secret('nick', p[1], p[0]) : [];
    default:
      return [];
  }
}
