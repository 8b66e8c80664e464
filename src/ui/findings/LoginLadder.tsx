/**
 * A login attempt as a small step ladder: one rung per step in protocol order, the step where the attempt
 * stopped or failed marked in words and colour, and every step with lines linking to them.
 */
import type { EventId, LoginAttempt, LoginStep, ParseResult } from '../../msnp/types';

interface Props {
  readonly result: ParseResult;
  readonly attempt: LoginAttempt;
  readonly onSelectEvent: (id: EventId) => void;
}

const STATE_TEXT: Readonly<Record<LoginStep['state'], string>> = {
  done: 'done',
  failed: 'failed here',
  stopped: 'stopped here',
  'not-reached': 'not reached',
};

const STATE_ICON: Readonly<Record<LoginStep['state'], string>> = {
  done: '✓',
  failed: '✗',
  stopped: '■',
  'not-reached': '·',
};

export function LoginLadder({ result, attempt, onSelectEvent }: Props) {
  const stopIndex = attempt.steps.findIndex((s) => s.state === 'failed' || s.state === 'stopped');
  return (
    <ol className="login-ladder" data-testid="login-ladder" aria-label="Login steps">
      {attempt.steps.map((step, i) => {
        const isStop = i === stopIndex;
        const lines = step.events.map((id) => result.events[id]?.line).filter((l): l is number => l !== undefined);
        const first = step.events[0];
        return (
          <li
            key={`${step.phase ?? ''}-${step.name}-${i}`}
            className={`ladder-step is-${step.state}${isStop ? ' is-stop' : ''}`}
            data-testid="ladder-step"
            data-state={step.state}
            data-stop={isStop ? 'true' : undefined}
            aria-current={isStop ? 'step' : undefined}
          >
            <span className="ladder-icon" aria-hidden="true">
              {STATE_ICON[step.state]}
            </span>
            <span className="ladder-phase">{step.phase ?? ''}</span>
            <span className="ladder-name">{step.name}</span>
            <span className="ladder-state">{STATE_TEXT[step.state]}</span>
            {first !== undefined ? (
              <button type="button" className="link ladder-lines" onClick={() => onSelectEvent(first)}>
                {lines.length === 1 ? `line ${lines[0] ?? ''}` : `lines ${lines.join(', ')}`}
              </button>
            ) : null}
            {step.note !== undefined ? <span className="ladder-note">{step.note}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
