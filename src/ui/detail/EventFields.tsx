/** Every parsed field of an event, as a definition list. Values are text; nothing is interpreted as markup. */
import type { LogEvent, ParseResult } from '../../msnp/types';
import { paramNames } from '../../msnp/param-names';
import { displayParam } from '../../msnp/tokenize';
import { directionLabel, formatDuration, formatTime, plural } from '../shared/format';
import { clockStepOf } from '../../state/durations';
import { flagWords, inferredFromWords, statusWords, visibilityWords } from './field-words';

interface Props {
  readonly result: ParseResult;
  readonly event: LogEvent;
}

function payloadSummary(e: LogEvent): string {
  const p = e.payload;
  if (p === null) return 'none';
  const shown = p.shownBytes === null ? 'not shown' : `${p.shownBytes} shown`;
  const lines = p.firstLine === null ? '' : `, lines ${p.firstLine}–${p.lastLine ?? p.firstLine}`;
  return `${plural(p.declaredBytes, 'byte')} declared, ${shown}: ${visibilityWords(p.visibility)}${lines}`;
}

/** The latency, and on a whole-second clock what that means: the reader should not take "<1 s" for 0 ms. */
function latencyWords(result: ParseResult, e: LogEvent): string {
  if (e.latencyMs === null) return '—';
  const step = clockStepOf(result);
  const text = formatDuration(e.latencyMs, step);
  return step === 'second' ? `${text} (this log's clock counts whole seconds)` : text;
}

export function EventFields({ result, event }: Props) {
  const conn = result.connections.find((c) => c.id === event.connection);
  const names = paramNames(event.direction, event.command, event.params);
  const rows: [string, string][] = [
    ['event id', String(event.id)],
    ['lines', event.endLine === event.line ? String(event.line) : `${event.line}–${event.endLine}`],
    ['time', event.time === null ? 'not in log' : formatTime(event.time, clockStepOf(result))],
    ['direction', directionLabel(event.direction)],
    [
      'connection',
      conn
        ? `${conn.id} (${conn.kind}${conn.protocol ? `, ${conn.protocol}` : ''}${conn.sourceName ? `, log calls it “${conn.sourceName}”` : ''}${conn.account === undefined ? '' : `, account ${conn.account}`}; told apart because ${inferredFromWords(conn.inferredFrom)})`
        : event.connection,
    ],
    ['command', event.command],
    ['TrId', event.trId === null ? 'none' : String(event.trId)],
    ...event.params.map((p, k): [string, string] => [
      names[k] === null ? `param ${k + 1}` : `param ${k + 1}: ${names[k]}`,
      displayParam(p) === p ? p : `${p}  (decoded: ${displayParam(p)})`,
    ]),
    ['error', event.error ? `${event.error.code} ${event.error.name} (${event.error.class}${event.error.known ? '' : ', not in catalog'})` : 'none'],
    ['status', statusWords(event.status)],
    ['latency', latencyWords(result, event)],
    ['payload', payloadSummary(event)],
    ['flags', event.flags.length === 0 ? 'none' : event.flags.map(flagWords).join('; ')],
  ];
  return (
    <dl className="fields" data-testid="detail-fields">
      {rows.map(([k, v], i) => (
        <div key={`${k}-${i}`} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
