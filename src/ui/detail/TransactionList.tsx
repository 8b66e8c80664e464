/** The transaction of an event: its command and every reply, each a link that jumps to that row. */
import type { EventId, LogEvent } from '../../msnp/types';
import { describeError } from '../../msnp/error-codes';
import { directionArrow } from '../shared/format';

interface Props {
  readonly events: readonly LogEvent[];
  readonly current: LogEvent;
  readonly onJump: (id: EventId) => void;
}

function label(e: LogEvent): string {
  const err = e.error ? ` — ${describeError(e.error.code).title}` : '';
  return `${directionArrow(e.direction)} ${e.raw}${err}`;
}

export function TransactionList({ events, current, onJump }: Props) {
  const command = current.replyTo === null ? current : events[current.replyTo];
  if (command === undefined) return null;
  const members = [command, ...command.replies.map((id) => events[id]).filter((e): e is LogEvent => e !== undefined)];
  if (members.length === 1 && command.status !== 'unanswered') {
    return <p className="status-muted">This message is not part of a command/reply transaction.</p>;
  }
  return (
    <ol className="txn-list" data-testid="transaction">
      {members.map((e, k) => (
        <li key={e.id} aria-current={e.id === current.id}>
          <span className="status-muted txn-meta">{k === 0 ? 'command' : `reply ${k}`} · line {e.line} ·</span>{' '}
          {e.id === current.id ? (
            <span className={e.error ? 'status-error txn-text' : 'txn-text'}>{label(e)} (this message)</span>
          ) : (
            <button
              type="button"
              className="link mono txn-text"
              data-testid={k === 0 ? 'jump-to-command' : `jump-to-reply-${k}`}
              onClick={() => onJump(e.id)}
            >
              {label(e)}
            </button>
          )}
        </li>
      ))}
      {command.status === 'unanswered' ? <li className="status-missing">⚠ no reply in the log</li> : null}
    </ol>
  );
}
