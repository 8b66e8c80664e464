/**
 * The expected login ladder per generation (msnp-protocol.md §4.1/§4.2) and plain names for its steps.
 * Step names are the contract's (`LoginStep.name`); `stepLabel` is what a sentence or the verdict calls them.
 */
import type { LoginAttempt } from '../types';

export type Generation = LoginAttempt['generation'];
export type Phase = 'DS' | 'NS';

/** MD5 2–7, TWN 8–14, SSO 15–20, MSNP21 21+; the USR package decides when no version is shown. */
export function generationOf(version: number | null, pkg: string | null): Generation {
  if (version !== null) {
    if (version <= 7) return 'MD5';
    if (version <= 14) return 'TWN';
    if (version <= 20) return 'SSO';
    return 'MSNP21';
  }
  switch (pkg) {
    case 'MD5':
    case 'TWN':
    case 'SSO':
      return pkg;
    default:
      return 'unknown';
  }
}

export interface LadderStep {
  readonly name: string;
  readonly phase: Phase;
}

/** Every step a complete sign-in goes through, from the given phase on. */
export function expectedLadder(gen: Generation, version: number | null, from: Phase): LadderStep[] {
  const md5 = gen === 'MD5';
  const head = (phase: Phase): LadderStep[] => [
    { name: 'VER', phase },
    ...(md5 ? [{ name: 'INF', phase }] : []),
    { name: 'CVR', phase },
    { name: 'USR I', phase },
  ];
  const ds: LadderStep[] = [...head('DS'), { name: 'XFR NS', phase: 'DS' }];
  const ns: LadderStep[] = [
    ...head('NS'),
    ...(version !== null && version >= 13 ? [{ name: 'GCF', phase: 'NS' as const }] : []),
    { name: md5 ? 'USR S (salt)' : 'USR S (policy)', phase: 'NS' },
    ...(md5 ? [] : [{ name: 'Passport', phase: 'NS' as const }]),
    { name: md5 ? 'USR S (hash)' : 'USR S (ticket)', phase: 'NS' },
    { name: 'USR OK', phase: 'NS' },
    { name: 'SYN/ADL', phase: 'NS' },
    { name: 'CHG', phase: 'NS' },
    ...(version !== null && version < 6 ? [] : [{ name: 'CHL/QRY', phase: 'NS' as const }]),
  ];
  return from === 'DS' ? [...ds, ...ns] : ns;
}

/**
 * Why a sign-in waiting at the step `name` went no further, in the verdict's and the roll-up's parentheses. The
 * Passport step is the client's own HTTPS request for a ticket, outside the MSNP log: no server reply is pending
 * there, what is missing is the ticket USR.
 */
export function stopReason(attempt: LoginAttempt, name: string): string {
  if (name === 'Passport') return 'no ticket sent';
  return attempt.logEndsAtCommand ? 'the log ends there' : 'no reply';
}

/** What a sentence calls a step: `the ticket step`, `the Passport step`. */
export function stepLabel(name: string): string {
  switch (name) {
    case 'VER':
      return 'version';
    case 'INF':
      return 'INF';
    case 'CVR':
      return 'CVR';
    case 'USR I':
      return 'USR I';
    case 'XFR NS':
      return 'redirect';
    case 'GCF':
      return 'GCF';
    case 'USR S (policy)':
      return 'policy';
    case 'USR S (salt)':
      return 'challenge';
    case 'Passport':
      return 'Passport';
    case 'USR S (ticket)':
      return 'ticket';
    case 'USR S (hash)':
      return 'password hash';
    case 'USR OK':
      return 'USR OK';
    case 'SYN/ADL':
      return 'list sync';
    case 'CHG':
      return 'first CHG';
    case 'CHL/QRY':
      return 'challenge (CHL/QRY)';
    default:
      return name;
  }
}

/** What happens at a step, for narratives: `the client sends its Passport ticket (USR … S)`. */
export function stepPurpose(name: string): string {
  switch (name) {
    case 'VER':
      return 'client and server agree on a protocol version (VER)';
    case 'INF':
      return 'the client asks which authentication package to use (INF)';
    case 'CVR':
      return 'the client reports its version and locale (CVR)';
    case 'USR I':
      return 'the client names the account it signs in (USR … I)';
    case 'XFR NS':
      return 'the dispatch server redirects the client to a notification server (XFR NS)';
    case 'GCF':
      return 'the client and server exchange the Shields configuration (GCF)';
    case 'USR S (policy)':
      return 'the server sends the Passport policy/challenge (USR … S)';
    case 'USR S (salt)':
      return 'the server sends the MD5 challenge (USR MD5 S)';
    case 'Passport':
      return 'the client fetches a ticket from Passport / Windows Live ID over HTTPS (not part of this log)';
    case 'USR S (ticket)':
      return 'the client sends its Passport ticket (USR … S)';
    case 'USR S (hash)':
      return 'the client sends the MD5 hash of challenge and password (USR MD5 S)';
    case 'USR OK':
      return 'the server confirms the sign-in (USR OK)';
    case 'SYN/ADL':
      return 'the client synchronises its contact list (SYN or ADL)';
    case 'CHG':
      return 'the client sets its first status (CHG)';
    case 'CHL/QRY':
      return 'the client answers the server challenge (CHL → QRY)';
    default:
      return name;
  }
}

/**
 * The last step the log shows done (with lines of its own), and the first the attempt never reached: where an
 * attempt stopped when every command it sent was answered and nothing further came (no step is `stopped`).
 */
export function quietStop(steps: readonly LoginAttempt['steps'][number][]): { readonly last: string | null; readonly next: string | null } {
  let last: string | null = null;
  let next: string | null = null;
  for (const s of steps) {
    if (s.state === 'done' && s.events.length > 0) last = s.name;
    else if (s.state === 'not-reached' && next === null) next = s.name;
  }
  return { last, next };
}
