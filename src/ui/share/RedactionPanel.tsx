/** The redaction checklist, the manifest sentence and a side-by-side preview of the lines that change. */
import { REDACT_KIND_LABELS, REDACT_KINDS, type RedactResult, type RedactSelection } from '../../msnp/redact';
import { describeManifest } from '../../msnp/redact/describe';
import type { OpenedReportHeader } from '../../state/share/share-store';
import { formatCount } from '../shared/format';

/** Preview rows rendered at most; the rest are counted, not hidden silently. */
const PREVIEW_ROWS = 300;

interface Props {
  readonly selection: RedactSelection;
  readonly onSelection: (s: RedactSelection) => void;
  readonly redaction: RedactResult | null;
  readonly alreadyShared: OpenedReportHeader | null;
}

function Checklist({ selection, onSelection }: Pick<Props, 'selection' | 'onSelection'>) {
  return (
    <fieldset className="share-checklist">
      <legend>Replace before sharing</legend>
      {REDACT_KINDS.map((k) => (
        <label key={k}>
          <input
            type="checkbox"
            data-testid={`redact-kind-${k}`}
            checked={selection[k]}
            onChange={(e) => onSelection({ ...selection, [k]: e.target.checked })}
          />{' '}
          {REDACT_KIND_LABELS[k].checklist}
        </label>
      ))}
    </fieldset>
  );
}

function Preview({ redaction }: { readonly redaction: RedactResult }) {
  const shown = redaction.changes.slice(0, PREVIEW_ROWS);
  const more = redaction.changes.length - shown.length;
  return (
    <details className="share-preview" data-testid="share-preview">
      <summary>Preview the {formatCount(redaction.changes.length)} changed {redaction.changes.length === 1 ? 'line' : 'lines'}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">As written</th>
            <th scope="col">As shared</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.line}>
              <td>{c.line}</td>
              <td className="mono">{c.before}</td>
              <td className="mono">{c.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 ? <p>… and {more} more changed lines (all of them are redacted in the report).</p> : null}
    </details>
  );
}

export function RedactionPanel({ selection, onSelection, redaction, alreadyShared }: Props) {
  if (alreadyShared !== null) {
    return (
      <section className="share-section" aria-label="Redaction">
        <h3>Redaction</h3>
        <p data-testid="share-manifest">This log came from a shared report and is passed on as it was shared: {describeManifest(alreadyShared.manifest)}</p>
      </section>
    );
  }
  return (
    <section className="share-section" aria-label="Redaction">
      <h3>Redaction</h3>
      <Checklist selection={selection} onSelection={onSelection} />
      <p data-testid="share-manifest" aria-live="polite">
        {redaction === null ? 'Not redacted yet.' : describeManifest(redaction.manifest)}
      </p>
      {redaction !== null && redaction.changes.length > 0 ? <Preview redaction={redaction} /> : null}
    </section>
  );
}
