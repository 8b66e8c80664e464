/**
 * Findings that say the same thing, rolled into one row: a server's log holds a sign-in per connection, and a
 * flood holds a burst per minute, so a list of thousands repeats a handful of headlines ("Login failed at the
 * ticket step (911)" for 900 accounts). The panel and the CLI show one row per headline with who and where;
 * the findings themselves stay whole and each one can still be opened.
 */
import type { Finding, FindingKind, LogEvent, Severity } from '../types';
import { formatCount, plural } from '../format-count';
import { formatTime } from './event-index';

/** A headline repeated this many times becomes one row; two are listed as they are. */
export const ROLL_MIN = 3;

export type FindingRow =
  | { readonly kind: 'single'; readonly finding: Finding }
  | {
      readonly kind: 'rolled';
      /** Stable within a result: severity, kind and headline. */
      readonly key: string;
      readonly severity: Severity;
      readonly findingKind: FindingKind;
      /** The title every member shares, without its subject. */
      readonly headline: string;
      /** In list order. */
      readonly members: readonly Finding[];
      /** How many different subjects (accounts) the members name; 0 when they name none. */
      readonly subjects: number;
    };

/** A row that stands for several findings. */
export type RolledRow = Extract<FindingRow, { kind: 'rolled' }>;

const COLON = 0x3a;
const SPACE = 0x20;

/** The title without the `subject: ` it starts with. */
export function headlineOf(f: Finding): string {
  const s = f.subject;
  const t = f.title;
  // Compared in place, not against a `${s}: ` built for each finding: a busy server's log has tens of thousands.
  if (s === undefined || !t.startsWith(s) || t.charCodeAt(s.length) !== COLON || t.charCodeAt(s.length + 1) !== SPACE) return t;
  return t.slice(s.length + 2);
}

function rowKey(f: Finding, headline: string): string {
  return `${f.severity}\u0000${f.kind}\u0000${headline}`;
}

/**
 * The rows of an ordered list of findings: each headline seen ROLL_MIN times or more is one row, placed where its
 * first member was; the others stay single rows in place. Grouped by severity, kind and headline in nested maps,
 * so no key string is built per finding (the panel rolls up the 13,000 findings of the 100 MB bench log as it
 * opens).
 */
export function rollUpFindings(list: readonly Finding[], min = ROLL_MIN): FindingRow[] {
  // Severity → kind → headline → members (the same kind and headline at two severities are two rows).
  const groups = new Map<Severity, Map<FindingKind, Map<string, Finding[]>>>();
  const membersOf: Finding[][] = new Array<Finding[]>(list.length);
  for (let k = 0; k < list.length; k++) {
    const f = list[k] as Finding;
    let byKind = groups.get(f.severity);
    if (byKind === undefined) groups.set(f.severity, (byKind = new Map()));
    let byHeadline = byKind.get(f.kind);
    if (byHeadline === undefined) byKind.set(f.kind, (byHeadline = new Map()));
    const headline = headlineOf(f);
    let members = byHeadline.get(headline);
    if (members === undefined) byHeadline.set(headline, (members = []));
    members.push(f);
    membersOf[k] = members;
  }
  const rows: FindingRow[] = [];
  for (let k = 0; k < list.length; k++) {
    const f = list[k] as Finding;
    const members = membersOf[k] ?? [f];
    if (members.length < min) {
      rows.push({ kind: 'single', finding: f });
      continue;
    }
    // Placed once, at its first member.
    if (members[0] !== f) continue;
    const subjects = new Set<string>();
    for (const m of members) if (m.subject !== undefined) subjects.add(m.subject);
    const headline = headlineOf(f);
    rows.push({ kind: 'rolled', key: rowKey(f, headline), severity: f.severity, findingKind: f.kind, headline, members, subjects: subjects.size });
  }
  return rows;
}

/** `919 accounts`, `9,872 times`, or `12 times, 5 accounts`. */
export function rollCountText(row: RolledRow): string {
  const n = row.members.length;
  if (row.subjects === 0) return `${formatCount(n)} times`;
  if (row.subjects === n) return plural(n, 'account');
  return `${formatCount(n)} times, ${plural(row.subjects, 'account')}`;
}

/**
 * What tells one member of a rolled row from the others: its account, else where it happened (the refused
 * attempt of a burst, else its first evidence line) and when.
 */
export function memberPlace(events: readonly LogEvent[], f: Finding): string {
  if (f.subject !== undefined) return f.subject;
  const at = f.detail.kind === 'rate-limit' ? f.detail.burst.refusedAt : f.evidence[0];
  const e = at === undefined ? undefined : events[at];
  if (e === undefined) return f.title;
  const where = `line ${formatCount(e.line)}`;
  return e.time === null ? where : `${where} at ${formatTime(e.time)}`;
}

/** What the members of a rolled row are told apart by, in order: each account once (`heidi@… ×2`), else each place. */
export function rollPlaces(events: readonly LogEvent[], row: RolledRow): string[] {
  const counts = new Map<string, number>();
  for (const f of row.members) {
    const place = memberPlace(events, f);
    counts.set(place, (counts.get(place) ?? 0) + 1);
  }
  return [...counts].map(([place, n]) => (n === 1 ? place : `${place} ×${n}`));
}
