/**
 * Mounted once in the app shell: opens a report carried by the address bar, shows the opened report's header
 * (name, note, what was redacted), or the plain-words reason a link could not be opened. All of it is text:
 * nothing from a link is ever rendered as HTML.
 */
import { describeManifest } from '../../msnp/redact/describe';
import { useShareStore } from '../../state/share/share-store';
import { useReportFromUrl } from './open-report';
import './share.css';

export function ReportBanner() {
  useReportFromUrl();
  const opened = useShareStore((s) => s.opened);
  const problem = useShareStore((s) => s.problem);
  const setProblem = useShareStore((s) => s.setProblem);
  return (
    <>
      {problem !== null ? (
        <div className="report-problem" role="alert" data-testid="report-problem">
          <span>{problem}</span>
          <button type="button" onClick={() => setProblem(null)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ) : null}
      {opened !== null ? (
        <section className="report-header" data-testid="report-header" aria-label="Shared report">
          <h2 data-testid="report-name">{opened.name.trim() || 'Shared report'}</h2>
          {opened.note.trim() ? <p className="report-note" data-testid="report-note">{opened.note}</p> : null}
          <p className="status-muted" data-testid="report-manifest">
            Opened from a {opened.from === 'link' ? 'report link' : 'report file'}. Redaction by the sender: {describeManifest(opened.manifest)}
          </p>
        </section>
      ) : null}
    </>
  );
}
