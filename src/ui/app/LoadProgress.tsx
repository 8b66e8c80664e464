/** The parse in progress: file name, a real progress bar (bytes read over bytes total) and a Cancel button. */
import { useEffect, useRef } from 'react';
import type { ProgressStage, ReadPass } from '../../msnp/types';
import { loadProgressText } from './load-progress-text';

interface Props {
  readonly fileName: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly events: number;
  readonly pass: ReadPass;
  readonly stage: ProgressStage;
  readonly onCancel: () => void;
}

export function LoadProgress({ fileName, bytesDone, bytesTotal, events, pass, stage, onCancel }: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  // Focus Cancel so Esc/Enter/Space stop the parse without hunting for the button.
  useEffect(() => cancel.current?.focus(), []);
  const text = loadProgressText({ bytesDone, bytesTotal, events, pass, stage });
  return (
    <section className="load-progress" data-testid="load-progress" data-pass={pass} data-stage={stage} aria-labelledby="load-progress-title">
      <h2 id="load-progress-title" className="visually-hidden">
        Reading the log
      </h2>
      <div className="row">
        <span data-testid="load-progress-verb">
          {text.verb} <strong className="mono">{fileName}</strong>
        </span>
        <button ref={cancel} type="button" onClick={onCancel} data-testid="cancel-load">
          Cancel
        </button>
      </div>
      <progress max={100} value={text.percent} aria-label={`${text.verb} ${fileName}`} />
      <div className="row" aria-live="polite">
        <span>{text.amount}</span>
        <span>{text.messages}</span>
      </div>
      {/* Their own live regions: each announced once, when its phase starts, not with every step of the bar. */}
      <p className="load-progress-why" aria-live="polite" data-testid="load-progress-why">
        {text.why}
      </p>
      <p className="load-progress-why" aria-live="polite" data-testid="load-progress-doing">
        {text.doing}
      </p>
    </section>
  );
}
