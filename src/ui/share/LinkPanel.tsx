/** The three ways to share: report link (with its length and a warning over the limit), view link, report file. */
import { useState } from 'react';
import { formatCount } from '../shared/format';
import { LINK_FITS_EVERYWHERE, LINK_WARN_LIMIT, type LinkSizeVerdict } from '../../state/share/link-limits';
import { reportFileName } from '../../state/share/report-link';
import { assertNever } from '../../msnp/assert';
import { copyText, downloadText } from './browser-io';
import type { ShareModel } from './use-share-model';

/** Longest link put in a text field (a 2 MB value makes the field sluggish; the copy button still has it all). */
const FIELD_MAX = 100_000;

function verdictText(v: LinkSizeVerdict): string {
  switch (v) {
    case 'fits-everywhere':
      return 'Short enough for any chat tool.';
    case 'fits-most':
      return `Longer than ${formatCount(LINK_FITS_EVERYWHERE)} characters: Discord and SMS will cut it; Slack, Teams, e-mail and forums keep it.`;
    case 'too-long-for-chat':
      return `Longer than ${formatCount(LINK_WARN_LIMIT)} characters: most chat tools will cut it. Send the view link (if they have the file) or the report file instead.`;
    case 'too-long-for-browser':
      return 'Too long for a browser to open. Send the report file instead.';
    default:
      return assertNever(v, 'link verdict');
  }
}

function CopyField({ label, value, testId }: { readonly label: string; readonly value: string; readonly testId: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <div className="share-copy">
      <input readOnly aria-label={label} data-testid={`${testId}-text`} value={value.length <= FIELD_MAX ? value : `${value.slice(0, 200)}…`} onFocus={(e) => e.target.select()} />
      <button type="button" data-testid={`copy-${testId}`} onClick={() => void copyText(value).then((ok) => setState(ok ? 'copied' : 'failed'))}>
        Copy
      </button>
      <span role="status">{state === 'copied' ? 'Copied.' : state === 'failed' ? 'Copy was blocked: select the text and copy it.' : ''}</span>
    </div>
  );
}

export function LinkPanel({ model, name }: { readonly model: ShareModel; readonly name: string }) {
  const { reportUrl, reportVerdict, reportFileText } = model;
  const tooLong = reportVerdict === 'too-long-for-chat' || reportVerdict === 'too-long-for-browser';
  return (
    <section className="share-section" aria-label="Share">
      <h3>Report link</h3>
      <p>The redacted log travels inside the link, after the #: it is never sent to a server and opens offline.</p>
      {reportUrl === null || reportVerdict === null ? (
        <p>{model.redactionDeferred ? 'Redact the log first (above) to get a report link.' : 'Preparing the link…'}</p>
      ) : (
        <>
          <p data-testid="report-link-length" data-length={reportUrl.length}>
            Length: <strong>{formatCount(reportUrl.length)}</strong> characters. {verdictText(reportVerdict)}
          </p>
          {tooLong ? <p className="share-warning" role="alert" data-testid="report-link-warning">This link is too long to share safely. Use the view link or the report file below.</p> : null}
          {reportVerdict !== 'too-long-for-browser' ? <CopyField label="Report link" value={reportUrl} testId="report-link" /> : null}
        </>
      )}
      <h3>View link</h3>
      <p>Only the view (filters, selection, tab) and a fingerprint of the log: for someone who has the same file, or a log too large for a link.</p>
      <CopyField label="View link" value={model.viewUrl} testId="view-link" />
      <h3>Report file</h3>
      <p>The same content as the report link, as a file to attach anywhere; drop it on the app to open it.</p>
      <button
        type="button"
        data-testid="download-report"
        disabled={reportFileText === null}
        onClick={() => reportFileText !== null && downloadText(reportFileName(name, model.report?.fileName ?? ''), reportFileText)}
      >
        Download {reportFileName(name, model.report?.fileName ?? '')}
      </button>
    </section>
  );
}
