/**
 * Keeps docs/analysis.schema.json in step with the core's types: each record below must name every member of its
 * union (the compiler fails when the core adds one), and the schema's enum must list exactly those members.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type {
  Connection,
  ConnectionKind,
  DiagnosticKind,
  DialectId,
  EventFlag,
  FindingGroup,
  FindingKind,
  ReplyStatus,
  TextEncoding,
} from '../msnp/types';

interface SchemaNode {
  readonly enum?: readonly unknown[];
  readonly items?: SchemaNode;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly $defs?: Readonly<Record<string, SchemaNode>>;
}
const SCHEMA = JSON.parse(readFileSync(join(__dirname, '../../docs/analysis.schema.json'), 'utf8')) as SchemaNode;

/** The enum at a `$defs` entry and then a path of property names (`items` steps into an array's items). */
function enumAt([def, ...path]: readonly string[]): readonly unknown[] {
  let node: SchemaNode | undefined = SCHEMA.$defs?.[def ?? ''];
  for (const step of path) node = step === 'items' ? node?.items : node?.properties?.[step];
  return node?.enum ?? [];
}

const INFERRED_FROM: Record<Connection['inferredFrom'], true> = { log: true, 'xfr-ns': true, 'sb-auth': true, 'trid-restart': true, first: true, 'connection-event': true, 'session-note': true };
const KINDS: Record<ConnectionKind, true> = { DS: true, NS: true, SB: true, unknown: true };
const DIALECTS: Record<DialectId, true> = { transcript: true, doc: true, libpurple: true, papyon: true, amsn: true, escargot: true, miranda: true, capture: true };
const ENCODINGS: Record<TextEncoding, true> = { 'utf-8': true, 'utf-8-bom': true, 'utf-16le': true, 'utf-16be': true, binary: true };
const STATUSES: Record<ReplyStatus, true> = { answered: true, error: true, unanswered: true, 'no-reply-expected': true, 'not-a-command': true };
const FLAGS: Record<EventFlag, true> = { inferred: true, 'markup-removed': true, 'html-escaped': true, wrapped: true, truncated: true, redacted: true, 'invalid-utf8': true, inline: true, glued: true };
const DIAGNOSTICS: Record<DiagnosticKind, true> = {
  unanswered: true, 'orphan-reply': true, 'mid-session-start': true, 'payload-length-mismatch': true, 'unknown-command': true,
  'unknown-error-code': true, 'unreadable-line': true, 'duplicate-open-trid': true, 'after-close': true, 'no-protocol': true,
  'other-dialect-lines': true, 'dialect-block': true, truncated: true,
};
const FINDINGS: Record<FindingKind, true> = {
  'rate-limit': true, 'login-failed': true, 'login-no-reply': true, 'login-version-refused': true, 'login-challenge-failed': true,
  'signed-out-by-server': true, 'login-retry-loop': true, 'login-succeeded': true, 'unanswered-commands': true, 'orphan-replies': true,
  'payload-length-mismatch': true, 'after-close': true, 'mid-session-start': true, 'duplicate-open-trid': true, 'error-then-close': true,
  'switchboard-unused': true, 'switchboard-join-timeout': true, 'error-reply': true,
};
const GROUPS: Record<FindingGroup, true> = { login: true, 'rate-limit': true, sequence: true, malformed: true, 'response-code': true };

describe('docs/analysis.schema.json lists exactly the members of the core unions', () => {
  it.each([
    ['connection.inferredFrom', ['connection', 'inferredFrom'], INFERRED_FROM],
    ['connection.kind', ['connection', 'kind'], KINDS],
    ['dialect', ['dialect'], DIALECTS],
    ['input.encoding', ['input', 'encoding'], ENCODINGS],
    ['event.status', ['event', 'status'], STATUSES],
    ['event.flags', ['event', 'flags', 'items'], FLAGS],
    ['diagnostic.kind', ['diagnostic', 'kind'], DIAGNOSTICS],
    ['finding.kind', ['finding', 'kind'], FINDINGS],
    ['finding.group', ['finding', 'group'], GROUPS],
  ] as const)('%s', (_name, path, members) => {
    expect([...enumAt(path)].sort()).toEqual(Object.keys(members).sort());
  });
});
