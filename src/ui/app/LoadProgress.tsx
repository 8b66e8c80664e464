/** The parse in progress: file name, a real progress bar (bytes read over bytes total) and a Cancel button. */
import { useEffect, useRef } from 'react';
import { plural } from '../shared/format';

interface Props {
  readonly fileName: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly events: number;
  readonly onCancel: () => void;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function LoadProgress({ fileName, bytesDone, bytesTotal, events, onCancel }: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  // Focus Cancel so Esc/Enter/Space stop the parse without hunting for the button.
  useEffect(() => cancel.current?.focus(), []);
  const pct = bytesTotal > 0 ? Math.min(100, Math.round((bytesDone / bytesTotal) * 100)) : 0;
  return (
    <section className="load-progress" data-testid="load-progress" aria-labelledby="load-progress-title">
      <h2 id="load-progress-title" className="visually-hidden">
        Reading the log
      </h2>
      <div className="row">
        <span>
          Reading <strong className="mono">{fileName}</strong>
        </span>
        <button ref={cancel} type="button" onClick={onCancel} data-testid="cancel-load">
          Cancel
        </button>
      </div>
      <progress max={100} value={pct} aria-label={`Reading ${fileName}`} />
      <div className="row" aria-live="polite">
        <span>
          {formatBytes(bytesDone)} of {formatBytes(bytesTotal)} ({pct} %)
        </span>
        <span>{plural(events, 'message')} so far</span>
      </div>
    </section>
  );
}
