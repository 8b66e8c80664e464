/**
 * What each parameter of the common commands means (msnp-protocol.md §2 and §6), so the detail pane can say
 * "cookie" instead of "param 4". Only shapes the references pin down are named; a parameter past a known shape,
 * or of a command not listed, has no name (the pane then shows its position alone).
 *
 * Keyed by direction and command; some shapes depend on the first parameters (USR's package and stage, XFR's
 * kind), which `paramNames` reads.
 */
import type { Direction } from './types';
import { packageFacts, usrPackageOf } from './usr-packages';

type Shape = readonly string[];

const CLIENT: Readonly<Record<string, Shape>> = {
  CVR: ['locale id', 'OS type', 'OS version', 'CPU', 'client name', 'client version', 'client brand', 'account'],
  CAL: ['account to invite'],
  ANS: ['account', 'cookie', 'session id'],
  MSG: ['acknowledgement type', 'payload length'],
  QRY: ['client id', 'payload length'],
  REA: ['account', 'new name'],
  ADD: ['list', 'account', 'name'],
  REM: ['list', 'account or contact id'],
  BLP: ['default privacy'],
  GTC: ['alert when added'],
  SYN: ['list version'],
  URL: ['service'],
};

const SERVER: Readonly<Record<string, Shape>> = {
  CVR: ['recommended version', 'recommended version (again)', 'minimum version', 'download URL', 'information URL'],
  CAL: ['state', 'session id'],
  RNG: ['session id', 'switchboard address', 'authentication type', 'cookie', 'inviting account', 'inviting name'],
  JOI: ['account', 'name', 'client capabilities'],
  IRO: ['participant number', 'participants in all', 'account', 'name', 'client capabilities'],
  BYE: ['account', 'idle flag'],
  MSG: ['sender account', 'sender name', 'payload length'],
  // Past the account the shape grows with the version (a network id from MSNP14): named no further.
  NLN: ['status', 'account'],
  ILN: ['status', 'account'],
  FLN: ['account'],
  CHL: ['challenge'],
  QNG: ['seconds until the next PNG'],
  OUT: ['reason'],
  REA: ['list version', 'account', 'new name'],
};

/** `USR t TWN I name`: the package and stage (usr-packages.ts) decide what the third parameter is. */
function usrShape(direction: Direction | null, params: readonly string[]): Shape | null {
  const [first, second] = params;
  const pkg = usrPackageOf(first);
  if (direction === 'client') {
    if (pkg === null) return ['account', 'cookie']; // a switchboard's `USR t handle cookie`
    if (second === 'I') return ['authentication package', 'stage (I: initial)', 'account'];
    if (second === 'S') return ['authentication package', 'stage (S: subsequent)', packageFacts(pkg).answer, 'response'];
    return null;
  }
  if (direction === 'server') {
    if (first === 'OK') return ['result', 'account', 'name', 'verified flag'];
    if (pkg !== null && second === 'S') return ['authentication package', 'stage (S: subsequent)', packageFacts(pkg).challenge, 'nonce'];
  }
  return null;
}

/** `XFR t NS host:port 0 current` (a redirect) or `XFR t SB host:port CKI cookie` (a switchboard grant). */
function xfrShape(direction: Direction | null, params: readonly string[]): Shape | null {
  if (direction === 'client') return ['kind (SB: a switchboard)'];
  if (direction !== 'server') return null;
  if (params[0] === 'NS') return ['kind (NS: a redirect)', 'notification server address', 'unused (0)', 'current server'];
  if (params[0] === 'SB') return ['kind (SB: a switchboard)', 'switchboard address', 'authentication type', 'cookie'];
  return null;
}

/** The name of each of `params` (the same length), or null where the references give none. */
export function paramNames(direction: Direction | null, command: string, params: readonly string[]): (string | null)[] {
  let shape: Shape | null;
  if (command === 'USR') shape = usrShape(direction, params);
  else if (command === 'XFR') shape = xfrShape(direction, params);
  else if (command === 'VER') shape = params.map((p) => (p.startsWith('MSNP') ? 'protocol version' : p === 'CVR0' ? 'CVR support' : 'version'));
  else shape = (direction === 'client' ? CLIENT[command] : direction === 'server' ? SERVER[command] : undefined) ?? null;
  return params.map((_, k) => shape?.[k] ?? null);
}
