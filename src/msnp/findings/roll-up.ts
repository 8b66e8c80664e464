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

/** The title without the `subject: ` it starts with. */
export function headlineOf(f: Finding): string {
  const s = f.subject;
  if (s === undefined) return f.title;
  const prefix = `${s}: `;
  return f.title.startsWith(prefix) ? f.title.slice(prefix.length) : f.title;
}

function rowKey(f: Finding): string {
  return `${f.severity}\u0000${f.kind}\u0000${headlineOf(f)}`;
}

/**
 * The rows of an ordered list of findings: each headline seen ROLL_MIN times or more is one row, placed where its
 * first member was; the others stay single rows in place.
 */
export function rollUpFindings(list: readonly Finding[], min = ROLL_MIN): FindingRow[] {
  const keys = list.map(rowKey);
  const byKey = new Map<string, Finding[]>();
  list.forEach((f, k) => {
    const key = keys[k] ?? '';
    const members = byKey.get(key);
    if (members === undefined) byKey.set(key, [f]);
    else members.push(f);
  });
  const rows: FindingRow[] = [];
  for (let k = 0; k < list.length; k++) {
    const f = list[k] as Finding;
    const key = keys[k] ?? '';
    const members = byKey.get(key) ?? [f];
    if (members.length < min) {
      rows.push({ kind: 'single', finding: f });
      continue;
    }
    // Placed once, at its first member.
    if (members[0] !== f) continue;
    const subjects = new Set<string>();
    for (const m of members) if (m.subject !== undefined) subjects.add(m.subject);
    rows.push({ kind: 'rolled', key, severity: f.severity, findingKind: f.kind, headline: headlineOf(f), members, subjects: subjects.size });
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
