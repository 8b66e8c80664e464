/**
 * A login attempt as a small step ladder: one rung per step in protocol order, the step where the attempt
 * stopped or failed marked in words and colour, and every step with lines linking to them.
 */
import type { EventId, LoginAttempt, LoginStep, ParseResult } from '../../msnp/types';
import { nonProtocolLineAt } from '../../msnp/findings/client-lines';
import { useAppStore } from '../../state/store';
import { rungWords } from './ladder-words';

interface Props {
  readonly result: ParseResult;
  readonly attempt: LoginAttempt;
  readonly onSelectEvent: (id: EventId) => void;
}

const STATE_ICON: Readonly<Record<LoginStep['state'], string>> = {
  done: '✓',
  failed: '✗',
  stopped: '■',
  'not-reached': '·',
};

/** The last event of the nearest step before `i` that has one: where the client's own lines of step i follow. */
function eventBefore(steps: readonly LoginStep[], i: number): EventId | null {
  for (let j = i - 1; j >= 0; j--) {
    const last = steps[j]?.events.at(-1);
    if (last !== undefined) return last;
  }
  return null;
}

const LEADING_STAMP = /^(?:\[[^\]]{0,80}\]|\([^)]{0,40}\))\s*/;

/** What the first cited line says, short enough for a rung. */
function quoteOf(result: ParseResult, lines: readonly number[]): { first: string; all: string } {
  const texts = lines.map((n) => {
    const text = nonProtocolLineAt(result.nonProtocol, n)?.text.trim() ?? '';
    return { n, text };
  });
  // The rung is narrow: the line's own stamp (`[09:12:43 DEBUG papyon…]`, `(10:00:56)`) says nothing there.
  const head = (texts[0]?.text ?? '').replace(LEADING_STAMP, '');
  return {
    first: head.length > 120 ? `${head.slice(0, 120)}…` : head,
    all: texts.map((t) => `line ${t.n}: ${t.text}`).join('\n'),
  };
}

const linesLabel = (lines: readonly number[]): string => (lines.length === 1 ? `line ${lines[0] ?? ''}` : `lines ${lines.join(', ')}`);

export function LoginLadder({ result, attempt, onSelectEvent }: Props) {
  const stopIndex = attempt.steps.findIndex((s) => s.state === 'failed' || s.state === 'stopped');
  const showNonProtocol = useAppStore((s) => s.viewActions.setNonProtocol);
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
            <span className="ladder-state">{rungWords(attempt, i)}</span>
            {first !== undefined ? (
              <button type="button" className="link ladder-lines" onClick={() => onSelectEvent(first)}>
                {linesLabel(lines)}
              </button>
            ) : null}
            {first === undefined && step.lines !== undefined && step.lines.length > 0 ? (
              <ClientLines
                result={result}
                lines={step.lines}
                onShow={() => {
                  // The lines are not protocol messages: show those rows, and select the message they follow.
                  showNonProtocol(true);
                  const before = eventBefore(attempt.steps, i);
                  if (before !== null) onSelectEvent(before);
                }}
              />
            ) : null}
            {step.note !== undefined ? <span className="ladder-note">{step.note}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}

/** A step outside MSNP (Passport) shown by the client's own lines: where they are, and what the first one says. */
function ClientLines({ result, lines, onShow }: { readonly result: ParseResult; readonly lines: readonly number[]; readonly onShow: () => void }) {
  const quote = quoteOf(result, lines);
  return (
    <>
      <button
        type="button"
        className="link ladder-lines"
        data-testid="ladder-client-lines"
        title={`${quote.all}\n(the client's own lines; shown in the timeline with the non-protocol lines)`}
        onClick={onShow}
      >
        {linesLabel(lines)}
      </button>
      <span className="ladder-note" data-testid="ladder-client-quote">
        the client's log: “{quote.first}”
      </span>
    </>
  );
}
