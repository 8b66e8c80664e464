/**
 * Stable pseudonyms: the same original value always gets the same replacement, and replacements keep the shape
 * of their kind (`user3@example.invalid`, `192.0.2.7`, `{00000000-0000-0000-0000-000000000002}`) so that
 * pairing, connection inference and findings read the redacted log exactly as they read the original.
 * A candidate that already occurs in the original text is skipped, so no pseudonym can be mistaken for (or
 * collide with) a real value of the log.
 */
import { assertNever } from '../assert';
import { REDACT_KINDS, type RedactKind } from './kinds';

/** Finer shapes inside a kind: a session id and a cookie are both `cookie`, but read differently. */
export type PseudoShape =
  | 'address'
  | 'ticket'
  | 'nonce'
  | 'challenge'
  | 'response'
  | 'cookie'
  | 'session'
  | 'ip'
  | 'guid'
  | 'nick'
  | 'psm';

export const SHAPE_KIND: Readonly<Record<PseudoShape, RedactKind>> = {
  address: 'address',
  ticket: 'ticket',
  nonce: 'ticket',
  challenge: 'challenge',
  response: 'challenge',
  cookie: 'cookie',
  session: 'cookie',
  ip: 'ip',
  guid: 'guid',
  nick: 'nickname',
  psm: 'nickname',
};

/**
 * Long opaque tokens keep their length (`nonce#1_____…`): log writers hard-wrap long lines (Miranda at 90
 * columns, libpurple pastes), and a reader that rejoins them looks at line length, so a much shorter line
 * would read differently. The length of a ticket is no secret.
 */
const PADDED_SHAPES: ReadonlySet<PseudoShape> = new Set(['ticket', 'nonce', 'challenge', 'response', 'cookie']);

export interface Pseudonyms {
  /** The pseudonym for `value`, allocating one on first sight. */
  readonly assign: (shape: PseudoShape, value: string) => string;
  /** A fresh numbered placeholder, e.g. for each message body (`[message#4]`). */
  readonly next: (kind: RedactKind) => number;
  /** Distinct values (or placeholders) per kind so far. */
  readonly counts: () => Record<RedactKind, number>;
}

function normalize(shape: PseudoShape, value: string): string {
  switch (shape) {
    case 'address':
    case 'guid':
      return value.toLowerCase();
    default:
      return value;
  }
}

const IP_BLOCKS = ['192.0.2.', '198.51.100.', '203.0.113.'] as const;

function ipCandidate(n: number): string {
  const block = Math.floor((n - 1) / 254);
  const host = ((n - 1) % 254) + 1;
  const prefix = IP_BLOCKS[block];
  if (prefix !== undefined) return `${prefix}${host}`;
  const m = n - IP_BLOCKS.length * 254;
  return `10.${(m >> 16) & 255}.${(m >> 8) & 255}.${m & 255}`;
}

function candidate(shape: PseudoShape, n: number): string {
  switch (shape) {
    case 'address':
      return `user${n}@example.invalid`;
    case 'ticket':
    case 'nonce':
    case 'challenge':
    case 'response':
    case 'cookie':
    case 'session':
    case 'nick':
    case 'psm':
      return `${shape}#${n}`;
    case 'ip':
      return ipCandidate(n);
    case 'guid':
      return `00000000-0000-0000-0000-${n.toString(16).padStart(12, '0')}`;
    default:
      return assertNever(shape, 'pseudonym shape');
  }
}

function zeroCounts(): Record<RedactKind, number> {
  const c = {} as Record<RedactKind, number>;
  for (const k of REDACT_KINDS) c[k] = 0;
  return c;
}

// Anything in the original that has the shape of a pseudonym: `user4@example.invalid`, `cookie#2`,
// `192.0.2.9`, `00000000-0000-0000-0000-000000000003`. Found once, so allocation never rescans the text.
const LOOKALIKE_RE =
  /user\d+@example\.invalid|(?:ticket|nonce|challenge|response|cookie|session|nick|psm)#\d+|(?:192\.0\.2|198\.51\.100|203\.0\.113|10\.\d{1,3}\.\d{1,3})\.\d{1,3}|00000000-0000-0000-0000-[0-9a-f]{12}/gi;

function pseudonymLookalikes(original: string): Set<string> {
  const found = new Set<string>();
  for (const m of original.matchAll(LOOKALIKE_RE)) found.add(m[0].toLowerCase());
  return found;
}

/** Creates a pseudonym table for one redaction run over `original`. */
export function createPseudonyms(original: string): Pseudonyms {
  const byValue = new Map<string, string>();
  const used = new Set<string>();
  const nextByShape = new Map<PseudoShape, number>();
  const counts = zeroCounts();
  const taken = pseudonymLookalikes(original);

  const allocate = (shape: PseudoShape): string => {
    let n = nextByShape.get(shape) ?? 1;
    let c = candidate(shape, n);
    while (used.has(c) || taken.has(c.toLowerCase())) c = candidate(shape, ++n);
    nextByShape.set(shape, n + 1);
    used.add(c);
    return c;
  };

  return {
    assign(shape, value) {
      const kind = SHAPE_KIND[shape];
      const key = `${kind}\u0000${normalize(shape, value)}`;
      const known = byValue.get(key);
      if (known !== undefined) return known;
      const base = allocate(shape);
      const p = PADDED_SHAPES.has(shape) && base.length < value.length ? base.padEnd(value.length, '_') : base;
      byValue.set(key, p);
      counts[kind] += 1;
      return p;
    },
    next(kind) {
      counts[kind] += 1;
      return counts[kind];
    },
    counts: () => ({ ...counts }),
  };
}
