/**
 * A readable text form of findings, for snapshot tests, the CLI and debugging: one block per finding with its
 * narrative, advice, evidence lines and, for a login attempt, the step ladder; bursts list their counts.
 */
import { assertNever } from '../assert';
import type { Finding, LogEvent, LoginAttempt, RateLimitBurst } from '../types';
import { formatTime } from './event-index';
import { rollCountText, rollPlaces, rollUpFindings } from './roll-up';
import { buildVerdict } from './verdict';

/** The verdict line followed by every finding. */
export function findingsToText(findings: readonly Finding[], events: readonly LogEvent[]): string {
  const out = [`verdict: ${buildVerdict(findings, events)}`];
  for (const f of findings) out.push(...findingLines(f, events));
  for (const row of rollUpFindings(findings)) {
    if (row.kind !== 'rolled') continue;
    const places = rollPlaces(events, row);
    out.push(`rolled: ${row.severity} · ${row.headline} — ${rollCountText(row)}: ${places.join('; ')}`);
  }
  return `${out.join('\n')}\n`;
}

function findingLines(f: Finding, events: readonly LogEvent[]): string[] {
  const lines = [
    `[${f.id}] ${f.severity} · ${f.group} · ${f.kind}`,
    `  title: ${f.title}`,
    ...(f.subject === undefined ? [] : [`  subject: ${f.subject}`]),
    `  narrative: ${f.narrative}`,
    `  advice: ${f.advice}`,
    `  evidence: ${evidenceText(f.evidence, events)}`,
  ];
  switch (f.detail.kind) {
    case 'login':
      lines.push(...ladderLines(f.detail.attempt, events));
      break;
    case 'rate-limit':
      lines.push(burstLine(f.detail.burst, events));
      break;
    case 'none':
      break;
    default:
      return assertNever(f.detail, 'finding detail');
  }
  return lines;
}

function lineOf(events: readonly LogEvent[], id: number): string {
  const ev = events[id];
  return ev === undefined ? `#${id}?` : `L${ev.line}`;
}

function evidenceText(ids: readonly number[], events: readonly LogEvent[]): string {
  const shown = ids.slice(0, 30).map((id) => lineOf(events, id));
  return `${shown.join(' ')}${ids.length > 30 ? ` … (${ids.length})` : ''}`;
}

function ladderLines(a: LoginAttempt, events: readonly LogEvent[]): string[] {
  const head = `  ladder (${a.generation}${a.protocolVersion === null ? '' : ` MSNP${a.protocolVersion}`}, ${a.outcome}):`;
  const steps = a.steps.map((s) => {
    const where = s.events.length === 0 ? '' : ` ${s.events.map((id) => lineOf(events, id)).join(',')}`;
    const own = s.lines === undefined ? '' : ` (client lines ${s.lines.map((l) => `L${l}`).join(',')})`;
    const note = s.note === undefined ? '' : ` — ${s.note}`;
    return `    ${s.phase ?? '?'} ${s.name}: ${s.state}${where}${own}${note}`;
  });
  return [head, ...steps];
}

function burstLine(b: RateLimitBurst, events: readonly LogEvent[]): string {
  const window = b.window === null ? 'no window' : `${b.window.limit} per ${b.window.seconds} s (${b.window.source})`;
  const free = b.freeAt === null ? '' : ` freeAt=${formatTime(b.freeAt)}`;
  return `  burst: ${b.throttled} ${b.code} attempts=${b.attempts.length} allowed=${b.allowed} refusedAt=${lineOf(events, b.refusedAt)} retries=${b.retriesWhileThrottled.length} window=${window} timed=${b.timed}${free}`;
}
