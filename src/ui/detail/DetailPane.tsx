/**
 * The detail pane for the selected event: for an error what it means here first (the general meaning of its
 * code behind a toggle unless nothing more specific is known), then the transaction (command and every reply,
 * each a jump link), the raw line(s) and payload as text and as hex (and as the file has them when a quote or
 * markup was taken off to read them), and every parsed field. All log content is rendered as text nodes.
 */
import { useEffect, useRef } from 'react';
import type { EventId, LogEvent, ParseResult } from '../../msnp/types';
import { explainEvent } from '../../msnp/explain';
import { TransactionList } from './TransactionList';
import { EventFields } from './EventFields';
import { toHexDump } from '../shared/format';
import { explanationParts } from './explanation-parts';
import { fileLinesOf } from './file-lines';

interface Props {
  readonly result: ParseResult;
  readonly id: EventId;
  readonly onJump: (id: EventId) => void;
  /** The pane itself, so the keyboard can move the focus into it. */
  readonly paneRef?: React.Ref<HTMLElement>;
  readonly onClose: () => void;
}

function rawText(e: LogEvent): string {
  return e.payload && e.payload.text !== '' ? `${e.raw}\r\n${e.payload.text}` : e.raw;
}

function ErrorExplanation({ result, id }: { readonly result: ParseResult; readonly id: EventId }) {
  const ex = explainEvent(result, id);
  if (ex === null) return null;
  const parts = explanationParts(ex);
  const general = parts.general;
  return (
    <section className="explanation" aria-labelledby="explain-title" data-testid="error-explanation">
      <h3 id="explain-title" style={{ marginTop: 0 }}>
        <span aria-hidden="true">✖ </span>Error {ex.code} {ex.name} — {ex.title}
      </h3>
      <p data-testid="explanation-answer">{parts.answer}</p>
      {general.kind === 'shown' ? (
        <p data-testid="explanation-general">
          <strong>{general.label}: </strong>
          {general.text}
        </p>
      ) : null}
      <p>
        <strong>What to do: </strong>
        {parts.advice}
      </p>
      {parts.closes ? <p>{parts.closes}</p> : null}
      {parts.note ? <p className="status-muted">{parts.note}</p> : null}
      {general.kind === 'collapsed' ? (
        <details className="explanation-general" data-testid="explanation-general">
          <summary>{general.label}</summary>
          <p>{general.text}</p>
        </details>
      ) : null}
    </section>
  );
}

export function DetailPane({ result, id, onJump, onClose, paneRef }: Props) {
  const event = result.events[id];
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.scrollIntoView({ block: 'nearest' });
  }, [id]);
  if (event === undefined) return null;
  const text = rawText(event);
  const fileLines = fileLinesOf(result, event);
  return (
    // data-page-keys: with the focus in here, Home/End/PageUp/PageDown scroll the details, not the timeline's rows.
    <aside
      ref={paneRef}
      tabIndex={-1}
      className="detail"
      aria-labelledby="detail-title"
      data-testid="detail-pane"
      data-event-id={event.id}
      data-page-keys="own"
    >
      <div className="detail-header">
        <h2 id="detail-title">
          Line {event.line}
          {event.endLine !== event.line ? `–${event.endLine}` : ''} · {event.command}
          {event.error ? ` ${event.error.name}` : ''}
        </h2>
        <button ref={closeRef} type="button" aria-label="Close details (Esc)" onClick={onClose}>
          ✕
        </button>
      </div>
      <div className="detail-body">
        <ErrorExplanation result={result} id={id} />
        <h3>Transaction</h3>
        <TransactionList events={result.events} current={event} onJump={onJump} />
        <h3>Raw</h3>
        <pre data-testid="detail-raw">{text}</pre>
        <h3>Hex</h3>
        <pre className="hex" data-testid="detail-hex">
          {toHexDump(text, 8)}
        </pre>
        {fileLines === null ? null : (
          <>
            <h3>
              As in the file
              {fileLines.shown < fileLines.total ? ` (first ${fileLines.shown} of ${fileLines.total} lines)` : ''}
            </h3>
            <pre data-testid="detail-file-lines">{fileLines.text}</pre>
          </>
        )}
        <h3>Fields</h3>
        <EventFields result={result} event={event} />
      </div>
    </aside>
  );
}
