/**
 * Everything the share dialog shows, derived from the loaded log, the view and the dialog's own inputs:
 * the original text (decoded from the kept source blob), the redaction, the report link and its length,
 * the view link. Heavy steps are memoised on their inputs.
 */
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { captureToText } from '../../msnp/capture/index';
import { decodeBytes } from '../../msnp/decode';
import { redactLog, type RedactResult, type RedactSelection } from '../../msnp/redact';
import type { ParseResult } from '../../msnp/types';
import type { LogSource } from '../../state/log-slice';
import { judgeLinkLength, type LinkSizeVerdict } from '../../state/share/link-limits';
import { buildReportFile, buildReportHash, buildViewHash } from '../../state/share/report-link';
import type { SharedReport } from '../../state/share/report-codec';
import { useShareStore, type OpenedReportHeader } from '../../state/share/share-store';
import { useAppStore } from '../../state/store';
import type { UrlState } from '../../state/url/url-state';
import { appBaseUrl } from './browser-io';

/** The decoded text of the loaded log (null while reading). */
function useOriginalText(source: LogSource | null): string | null {
  const [text, setText] = useState<{ source: LogSource; text: string } | null>(null);
  useEffect(() => {
    if (source === null) return;
    let live = true;
    void source.blob.arrayBuffer().then((buf) => {
      // A packet capture is shared as the text it became: the lines the result's line numbers point at.
      const bytes = new Uint8Array(buf);
      if (live) setText({ source, text: decodeBytes(captureToText(bytes)?.text ?? bytes).text });
    });
    return () => {
      live = false;
    };
  }, [source]);
  return text !== null && text.source === source ? text.text : null;
}

export interface ShareInputs {
  readonly name: string;
  readonly note: string;
  readonly selection: RedactSelection;
  /** Redact even a large log (it runs on the page and can take seconds); small logs are redacted at once. */
  readonly redactLarge: boolean;
}

/** Logs up to this size are redacted as soon as the dialog opens (about a second per MB on a slow machine). */
export const AUTO_REDACT_MAX_BYTES = 2 * 1024 * 1024;

export interface ShareModel {
  readonly result: ParseResult;
  readonly view: UrlState;
  /** The log came from a shared report: it is already redacted and is passed on as it is. */
  readonly alreadyShared: OpenedReportHeader | null;
  readonly redaction: RedactResult | null;
  readonly report: SharedReport | null;
  readonly reportUrl: string | null;
  readonly reportVerdict: LinkSizeVerdict | null;
  readonly reportFileText: string | null;
  readonly viewUrl: string;
  /** The log is large and waits for the user to ask for the redaction. */
  readonly redactionDeferred: boolean;
}

function reportOf(inputs: ShareInputs, source: LogSource | null, redaction: RedactResult | null, shared: OpenedReportHeader | null, text: string | null): SharedReport | null {
  if (shared !== null && text !== null) {
    return { name: inputs.name, note: inputs.note, fileName: shared.fileName, log: text, manifest: shared.manifest };
  }
  if (redaction === null) return null;
  const fileName = `${(source?.name ?? 'log').replace(/\.[^.]*$/, '')}-redacted.log`;
  return { name: inputs.name, note: inputs.note, fileName, log: redaction.text, manifest: redaction.manifest };
}

/** Null until a log is loaded. */
export function useShareModel(inputs: ShareInputs): ShareModel | null {
  const { result, source, view, fingerprint } = useAppStore(
    useShallow((s) => ({ result: s.result, source: s.source, view: s.view, fingerprint: s.fingerprint })),
  );
  const shared = useShareStore((s) => s.opened);
  const text = useOriginalText(source);
  const deferred = shared === null && (source?.blob.size ?? 0) > AUTO_REDACT_MAX_BYTES && !inputs.redactLarge;
  const redaction = useMemo(
    () => (text !== null && result !== null && shared === null && !deferred ? redactLog(text, result, inputs.selection) : null),
    [text, result, shared, deferred, inputs.selection],
  );
  const report = useMemo(() => reportOf(inputs, source, redaction, shared, text), [inputs, source, redaction, shared, text]);
  const hash = useMemo(() => (report !== null ? buildReportHash(view, report) : null), [view, report]);
  const fileText = useMemo(() => (report !== null ? buildReportFile(view, report) : null), [view, report]);
  if (result === null) return null;
  const reportUrl = hash === null ? null : `${appBaseUrl()}${hash}`;
  return {
    result,
    view,
    alreadyShared: shared,
    redaction,
    report,
    reportUrl,
    reportVerdict: reportUrl === null ? null : judgeLinkLength(reportUrl.length),
    reportFileText: fileText,
    viewUrl: `${appBaseUrl()}${buildViewHash(view, fingerprint)}`,
    redactionDeferred: deferred,
  };
}
