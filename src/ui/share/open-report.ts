/**
 * Opening reports: from the address bar (a report link), and from a file (a `.msnp-report` dropped or picked,
 * recognised by its first line before any log parsing). A report opens by putting its fragment in the address
 * bar, so the URL sync restores the view and the address bar keeps a canonical, shareable link; a report too
 * large for a URL is opened directly instead.
 */
import { useCallback, useEffect, useRef } from 'react';
import { MAX_LOG_BYTES } from '../../state/log-slice';
import { getAppStore } from '../../state/store';
import { BROWSER_URL_LIMIT } from '../../state/share/link-limits';
import { buildViewHash, isReportFileHead, readReportFile, readReportHash, REPORT_FILE_EXTENSION, REPORT_PARAM, type OpenedLink } from '../../state/share/report-link';
import { shareStore } from '../../state/share/share-store';
import { replaceAddressHash } from '../../state/url/use-url-sync';

function tokenInHash(hash: string): string | null {
  const q = hash.indexOf('?');
  return q < 0 ? null : new URLSearchParams(hash.slice(q + 1)).get(REPORT_PARAM);
}

/** Loads a decoded report into the app, or shows why it cannot be opened. */
function openDecoded(opened: OpenedLink, from: 'link' | 'file'): void {
  if (opened.kind !== 'report') return;
  const share = shareStore.getState();
  if (opened.decoded.kind !== 'ok') {
    share.setProblem(opened.decoded.message);
    return;
  }
  const r = opened.decoded.report;
  share.setOpened({ name: r.name, note: r.note, manifest: r.manifest, fileName: r.fileName, from });
  const view = opened.view;
  void getAppStore()
    .getState()
    .logActions.loadText(r.log, r.fileName, view.fmt)
    .then(() => {
      // A report opened over another log: the store resets the view for a new file; the report's view wins.
      const s = getAppStore().getState();
      if (s.fingerprint !== null && s.fingerprint === view.log && s.view !== view) s.viewActions.setView(view);
    });
}

/** Mount once: opens the report a link carries, now and whenever the hash brings a new one. */
export function useReportFromUrl(): void {
  const lastToken = useRef<string | null>(null);
  useEffect(() => {
    const check = (): void => {
      const token = tokenInHash(window.location.hash);
      if (token === null && lastToken.current !== null) {
        // Another link without a report: why the previous report could not be opened no longer applies.
        lastToken.current = null;
        shareStore.getState().setProblem(null);
        return;
      }
      if (token === null || token === lastToken.current) return;
      lastToken.current = token;
      openDecoded(readReportHash(window.location.hash), 'link');
    };
    check();
    window.addEventListener('hashchange', check);
    return () => window.removeEventListener('hashchange', check);
  }, []);
}

/** Drops the report from the address bar (another log was opened, so the old report no longer applies). */
function forgetReportInUrl(): void {
  const hash = window.location.hash;
  if (tokenInHash(hash) === null) return;
  const q = hash.indexOf('?');
  const params = new URLSearchParams(hash.slice(q + 1));
  params.delete(REPORT_PARAM);
  window.location.hash = `${hash.slice(0, q)}?${params.toString().replace(/%2C/g, ',')}`;
  shareStore.getState().setOpened(null);
}

async function openReportFile(file: File): Promise<void> {
  const opened = readReportFile(await file.text());
  if (opened.kind !== 'report' || opened.decoded.kind !== 'ok') {
    openDecoded(opened, 'file');
    return;
  }
  const body = (await file.text()).replace(/^\uFEFF/, '');
  const hash = body.slice(body.indexOf('\n') + 1).trim();
  if (hash.length + window.location.href.length < BROWSER_URL_LIMIT) {
    window.location.hash = hash; // the hashchange opens it, like a link
    return;
  }
  getAppStore().getState().viewActions.setView(opened.view);
  openDecoded(opened, 'file');
  replaceAddressHash(buildViewHash(opened.view, opened.view.log));
}

/** What every "open a file" path of the app should call: a report file opens as a report, anything else as a log. */
export function useOpenFile(): (file: File) => void {
  return useCallback((file: File) => {
    void (async () => {
      const byName = file.name.toLowerCase().endsWith(REPORT_FILE_EXTENSION);
      // A file too large to analyse is refused by loadFile before any read; a head that cannot be read (the file
      // moved or lost its permission since it was picked) is left to loadFile too, which says so.
      const head = byName || file.size > MAX_LOG_BYTES ? '' : await file.slice(0, 64).text().catch(() => '');
      if (byName || isReportFileHead(head)) {
        await openReportFile(file);
        return;
      }
      forgetReportInUrl();
      await getAppStore().getState().logActions.loadFile(file);
    })();
  }, []);
}
