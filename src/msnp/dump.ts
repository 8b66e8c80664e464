/**
 * A stable, readable text form of a ParseResult for snapshot tests and debugging: one line per connection, per
 * event, per non-protocol line, per diagnostic and per finding. Never raw objects, so a snapshot diff reads
 * like the log itself.
 */
import type { LogEvent, NonProtocolLine, ParseResult, Payload } from './types';

const TEXT_MAX = 100;

/** Dump a result as text. */
export function dump(result: ParseResult): string {
  const out: string[] = [];
  const i = result.input;
  out.push(`input: ${i.bytes} bytes, ${i.lines} lines, ${i.encoding}, line ends ${i.lineEndings}, invalid UTF-8 lines ${i.invalidUtf8Lines}`);
  const d = result.detection;
  out.push(`detection: ${d.dialect ?? 'none'}${d.forced ? ' (forced)' : ''} confidence ${d.confidence.toFixed(2)}: ${d.reason}`);
  // Only on a file of several logs, so the dumps of the usual file of one log stay as they are.
  if (result.sessionStarts.length > 0) out.push(`logs (${result.sessionStarts.length + 1}): ${dumpSessionStarts(result)}`);
  out.push(`connections (${result.connections.length}):`);
  for (const c of result.connections) {
    out.push(`  ${c.id} ${c.kind} ${c.protocol ?? '-'} source=${c.sourceName ?? '-'}${c.account === undefined ? '' : ` account=${c.account}`} events #${c.firstEvent}..#${c.lastEvent} (${c.eventCount}) from ${c.inferredFrom}`);
  }
  out.push(`events (${result.events.length}):`);
  for (const e of result.events) out.push(`  ${dumpEvent(e)}`);
  out.push(`non-protocol lines (${result.nonProtocol.length}):`);
  for (const n of result.nonProtocol) out.push(`  ${dumpNonProtocol(n)}`);
  out.push(`diagnostics (${result.diagnostics.length}):`);
  for (const g of result.diagnostics) {
    const ev = g.events.length > 0 ? ` [${g.events.map((x) => `#${x}`).join(' ')}]` : '';
    out.push(`  ${g.severity} ${g.kind}${g.line !== undefined ? ` L${g.line}` : ''}: ${g.message}${ev}`);
  }
  out.push(`findings (${result.findings.length}):`);
  for (const f of result.findings) out.push(`  ${f.id} ${f.severity} ${f.kind}: ${f.title} [${f.evidence.map((x) => `#${x}`).join(' ')}]`);
  return out.join('\n') + '\n';
}

/** `from #0 L1, from #12 L16`: where each log of the file begins. */
function dumpSessionStarts(result: ParseResult): string {
  return [0, ...result.sessionStarts].map((id) => `from #${id} L${result.events[id]?.line ?? '-'}`).join(', ');
}

/** One event: `#3 L4-6 > NS1 10:00:47 USR t=3 ["TWN","I","a@b.c"] payload … flags … reply …`. */
export function dumpEvent(e: LogEvent): string {
  const lines = e.endLine !== e.line ? `L${e.line}-${e.endLine}` : `L${e.line}`;
  const dir = e.direction === 'client' ? '>' : e.direction === 'server' ? '<' : '?';
  const parts = [`#${e.id}`, lines, dir, e.connection];
  if (e.time !== null) parts.push(formatTime(e.time));
  parts.push(e.command, e.trId === null ? 't=-' : `t=${e.trId}`, JSON.stringify(e.params));
  if (e.payload !== null) parts.push(dumpPayload(e.payload));
  if (e.error !== null) parts.push(`error=${e.error.code}:${e.error.name}`);
  if (e.flags.length > 0) parts.push(`flags=${e.flags.join(',')}`);
  parts.push(`status=${e.status}`);
  if (e.replyTo !== null) parts.push(`replyTo=#${e.replyTo}`);
  if (e.latencyMs !== null) parts.push(`latency=${e.latencyMs}ms`);
  return parts.join(' ');
}

function dumpPayload(p: Payload): string {
  const where = p.firstLine === null ? '' : p.firstLine === p.lastLine ? ` L${p.firstLine}` : ` L${p.firstLine}-${p.lastLine}`;
  const shown = p.shownBytes === null ? '' : ` shown=${p.shownBytes}`;
  return `payload(${p.declaredBytes} ${p.visibility}${shown}${where})`;
}

function dumpNonProtocol(n: NonProtocolLine): string {
  const note = n.note !== undefined ? ` (${n.note})` : '';
  const bad = n.invalidUtf8 === true ? ' invalid-utf8' : '';
  return `L${n.line} ${n.reason}${bad}${note}: ${JSON.stringify(clip(n.text))}`;
}

function clip(s: string): string {
  return s.length <= TEXT_MAX ? s : `${s.slice(0, TEXT_MAX)}…(${s.length} chars)`;
}

/** ms since the first midnight → `HH:MM:SS`, with `+1d` after a roll-over. */
export function formatTime(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  const t = Math.floor((ms % 86_400_000) / 1000);
  const hh = String(Math.floor(t / 3600)).padStart(2, '0');
  const mm = String(Math.floor((t % 3600) / 60)).padStart(2, '0');
  const ss = String(t % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}${day > 0 ? `+${day}d` : ''}`;
}
