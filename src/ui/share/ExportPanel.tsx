/** Export buttons: filtered rows as CSV / JSON, the Markdown summary, the redacted log as text. */
import { buildVerdict } from '../../msnp/findings/verdict';
import { redactDerivedText } from '../../msnp/redact';
import { describeManifest } from '../../msnp/redact/describe';
import type { Finding } from '../../msnp/types';
import { buildMarkdownSummary, redactFindingTexts, rowsToCsv, rowsToJson } from '../../state/share/exports';
import { LINK_WARN_LIMIT } from '../../state/share/link-limits';
import { getAppStore } from '../../state/store';
import { selectFilteredRows } from '../../state/selectors';
import { downloadBase, downloadText } from './browser-io';
import type { ShareModel } from './use-share-model';

function baseName(model: ShareModel): string {
  return downloadBase(model.report?.fileName ?? null);
}

function redactFindings(model: ShareModel): Finding[] {
  const r = model.redaction;
  return r === null ? [...model.result.findings] : redactFindingTexts(model.result.findings, r.replacements);
}

function markdown(model: ShareModel, name: string, note: string): string {
  const findings = redactFindings(model);
  const manifest = model.report?.manifest;
  const link = model.reportUrl;
  const linkOk = link !== null && link.length <= LINK_WARN_LIMIT;
  return buildMarkdownSummary({
    title: name,
    note,
    verdict: model.redaction ? redactDerivedText(buildVerdict(findings, model.result.events), model.redaction.replacements) : buildVerdict(findings, model.result.events),
    findings,
    events: model.result.events,
    redactedLog: model.report?.log ?? '',
    manifestText: manifest ? describeManifest(manifest) : 'Not redacted.',
    reportLink: linkOk ? link : null,
    reportLinkNote: linkOk || link === null ? null : `The report link is ${link.length} characters long, too long to paste here; ask for the .msnp-report file.`,
  });
}

export function ExportPanel({ model, name, note }: { readonly model: ShareModel; readonly name: string; readonly note: string }) {
  const rows = (): Int32Array => selectFilteredRows(getAppStore().getState());
  const q = model.view.q;
  const base = baseName(model);
  return (
    <section className="share-section" aria-label="Export">
      <h3>Export</h3>
      <div className="share-buttons">
        <button type="button" data-testid="export-csv" onClick={() => downloadText(`${base}-rows.csv`, rowsToCsv(model.result, rows(), q), 'text/csv')}>
          Rows as CSV
        </button>
        <button type="button" data-testid="export-json" onClick={() => downloadText(`${base}-rows.json`, rowsToJson(model.result, rows(), q), 'application/json')}>
          Rows as JSON
        </button>
        <button type="button" data-testid="export-markdown" disabled={model.report === null} onClick={() => downloadText(`${base}-summary.md`, markdown(model, name, note), 'text/markdown')}>
          Markdown summary
        </button>
        <button type="button" data-testid="export-redacted-log" disabled={model.report === null} onClick={() => model.report && downloadText(`${base}.log`, model.report.log)}>
          Redacted log
        </button>
      </div>
      <p className="status-muted">Rows are exported as the timeline shows them now (filtered and sorted), every one of them.</p>
    </section>
  );
}
