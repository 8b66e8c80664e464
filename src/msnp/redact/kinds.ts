/**
 * The kinds of personal data the redactor knows, in checklist order, with the words the share dialog and the
 * manifest use for them. A kind is the unit a user can switch off; the manifest names every kind that was left
 * as written so a reader of a shared report knows what was NOT hidden.
 */

export const REDACT_KINDS = [
  'address',
  'ticket',
  'challenge',
  'cookie',
  'ip',
  'guid',
  'nickname',
  'message',
  'free-text',
] as const;
export type RedactKind = (typeof REDACT_KINDS)[number];

/** Which kinds are replaced. */
export type RedactSelection = Readonly<Record<RedactKind, boolean>>;

/** Everything on except free text in non-protocol lines, which often holds the clue a helper needs. */
export const DEFAULT_REDACT_SELECTION: RedactSelection = {
  address: true,
  ticket: true,
  challenge: true,
  cookie: true,
  ip: true,
  guid: true,
  nickname: true,
  message: true,
  'free-text': false,
};

export interface RedactKindLabel {
  /** Checklist text. */
  readonly checklist: string;
  readonly one: string;
  readonly many: string;
}

export const REDACT_KIND_LABELS: Readonly<Record<RedactKind, RedactKindLabel>> = {
  address: { checklist: 'Passport addresses and handles', one: 'address', many: 'addresses' },
  ticket: { checklist: 'Tickets, tokens and nonces', one: 'ticket or nonce', many: 'tickets and nonces' },
  challenge: { checklist: 'Challenge strings and responses (CHL/QRY)', one: 'challenge', many: 'challenges' },
  cookie: { checklist: 'Switchboard cookies and session ids', one: 'cookie or session id', many: 'cookies and session ids' },
  ip: { checklist: 'IP addresses', one: 'IP address', many: 'IP addresses' },
  guid: { checklist: 'Machine GUIDs', one: 'GUID', many: 'GUIDs' },
  nickname: { checklist: 'Nicknames and personal messages', one: 'nickname or personal message', many: 'nicknames and personal messages' },
  message: { checklist: 'Message bodies (MSG text)', one: 'message body', many: 'message bodies' },
  'free-text': { checklist: 'Free text in non-protocol lines', one: 'free-text line', many: 'free-text lines' },
};

/** Type guard for values read back from a shared report. */
export function isRedactKind(s: unknown): s is RedactKind {
  return typeof s === 'string' && (REDACT_KINDS as readonly string[]).includes(s);
}
