/**
 * Values found by their POSITION in a protocol message rather than by their shape: a switchboard cookie is
 * the token after `CKI`, a session id is the first token of `RNG`, a friendly name is the token after the
 * handle in `IRO`/`JOI`/`NLN`/`ILN`. Reads the parsed events (command, params) so every dialect's prefix and
 * markup are already out of the way. Facts: msnp-protocol.md §2 (command table) and §6 (switchboard flow).
 */
import type { LogEvent } from '../types';
import type { PseudoShape } from './pseudonyms';

export interface Secret {
  readonly shape: PseudoShape;
  readonly value: string;
  /** A token the value follows on its line (the handle before a nickname), to find the right occurrence. */
  readonly anchor: string | null;
  /** Written before the value in the same token (`F=` of `F=Bob`); stays as written. */
  readonly prefix?: string;
}

const AUTH_PACKAGES: ReadonlySet<string> = new Set(['TWN', 'SSO', 'MD5', 'SHA', 'CTP']);
/**
 * Packages whose client `S` step carries the password itself (MSNP2's clear-text CTP, msnp-protocol.md §4): any
 * token there is a credential, whatever its shape — a short password is no ticket-shaped token.
 */
const CLEAR_TEXT_PACKAGES: ReadonlySet<string> = new Set(['CTP']);
const NAME_PROPERTIES: ReadonlySet<string> = new Set(['MFN', 'PHH', 'PHW', 'PHM', 'MOB']);

// A base64 / Passport ticket token: `5UOfGRTiIqcsbKj5HEHPpqynMxXKrz2/fny6fyiXLoukhWSEvr81ikGcBqjzqJVG`
// (a TWN policy string is one token of `key=value,` pairs: `ct=1207589452,rver=5.5.4177.0,…,tpf=b073…`)
const TICKET_TOKEN_RE = /^[A-Za-z0-9+/=!*$_.%,:-]{12,}/;

const isHandle = (t: string): boolean => t.includes('@');
const isDigits = (t: string): boolean => /^\d+$/.test(t);
const isGuidish = (t: string): boolean => /^\{?[0-9A-Fa-f-]{36}\}?$/.test(t);

function secret(shape: PseudoShape, value: string | undefined, anchor: string | null = null): Secret[] {
  return value === undefined || value === '' ? [] : [{ shape, value, anchor }];
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

function usrSecrets(e: LogEvent): Secret[] {
  const p = e.params;
  const [first, second] = p;
  if (first === 'OK') {
    const name = p[2];
    return name !== undefined && !isDigits(name) && !isHandle(name) ? secret('nick', name, p[1] ?? null) : [];
  }
  if (first !== undefined && AUTH_PACKAGES.has(first) && second === 'S') {
    const shape: PseudoShape = e.direction === 'server' ? 'nonce' : 'ticket';
    if (e.direction === 'client' && CLEAR_TEXT_PACKAGES.has(first)) return p.slice(2).flatMap((t) => secret('ticket', t));
    // Only ticket-shaped tokens: a log whose next lines were glued onto this one (`…JVG(10:00:56) msn: …`)
    // must not turn prose words into "nonces".
    return p
      .slice(2)
      .filter((t) => !/^MBI/.test(t) && !t.startsWith('t=') && !isGuidish(t))
      .flatMap((t) => secret(shape, TICKET_TOKEN_RE.exec(t)?.[0]));
  }
  // Switchboard authentication: `USR 1 bob@x.com;{guid} 9933.1163.2111` (the second token is the cookie).
  if (first !== undefined && isHandle(first) && second !== undefined) return secret('cookie', second);
  return [];
}

function rngSecrets(p: readonly string[]): Secret[] {
  // `RNG 11752013 64.4.12.1:1863 CKI 849102291.520491113 bob@x.com Bob%20Smith`
  return [...secret('session', p[0]), ...secret('cookie', after(p, 'CKI')), ...nameAfterHandle(p)];
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

/** Every positional secret one event carries. */
export function secretsOf(e: LogEvent): Secret[] {
  const p = e.params;
  switch (e.command) {
    case 'XFR':
      return secret('cookie', after(p, 'CKI'));
    case 'RNG':
      return rngSecrets(p);
    case 'ANS':
      // `ANS 1 bob@x.com;{guid} 849102291.520491113 11752013`
      return p.length >= 3 && p[1] !== 'OK' ? [...secret('cookie', p[1]), ...secret('session', p[2])] : [];
    case 'USR':
      return usrSecrets(e);
    case 'CAL':
      return p[0] === 'RINGING' ? secret('session', p[1]) : [];
    case 'CHL': {
      // `CHL 0 15570131571988941333` (doc logs drop the TrId, so read the raw line's last token)
      const last = e.raw.trim().split(/\s+/).pop();
      return last !== undefined && last.length >= 6 && last !== 'CHL' ? secret('challenge', last) : [];
    }
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
