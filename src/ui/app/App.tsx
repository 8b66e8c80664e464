/**
 * The app shell: header (open another log, format override, shortcuts), drop-anywhere, notices, and one of the
 * screens — empty page, parse progress, explanation of an unusable file, or the workspace. The root carries
 * `data-state` (empty/loading/ready/error) for tests and for anyone scripting the page, and `data-parsed-via`
 * (worker/main-thread) once a log is shown.
 */
import { useShallow } from 'zustand/react/shallow';
import { describeCapture } from '../../msnp/capture/index';
import { useAppStore } from '../../state/store';
import { useUrlSync } from '../../state/url/use-url-sync';
import { plural } from '../shared/format';
import { DialectSelect } from './DialectSelect';
import { DropZone } from './DropZone';
import { EmptyPage } from './EmptyPage';
import { ErrorBoundary } from './ErrorBoundary';
import { ExplainScreen, inputProblem } from './ExplainScreen';
import { FilePicker } from './FilePicker';
import { LoadProgress } from './LoadProgress';
import { Notices } from './Notices';
import { Workspace } from './Workspace';
import { ReportBanner } from '../share/ReportBanner';
import { ShareButton } from '../share/ShareButton';
import { useOpenFile } from '../share/open-report';

function Header() {
  const { result, source, dialectOverride, phase } = useAppStore(
    useShallow((s) => ({ result: s.result, source: s.source, dialectOverride: s.dialectOverride, phase: s.phase })),
  );
  const { setDialect } = useAppStore((s) => s.logActions);
  const openFile = useOpenFile();
  const problem = result === null ? null : inputProblem(result);
  return (
    <header className="app-header">
      <h1>MSNP Log Analyzer</h1>
      {/* While another log is read, the one on screen is hidden below the progress: naming it (and offering to
          share it) beside "Reading other.log" reads as if it were the log being read. Cancel brings both back. */}
      {result && source && phase !== 'loading' ? (
        <>
          <span className="file-name" title={source.name} data-testid="file-name">
            {source.name}
          </span>
          {/* Counts of nothing (or of a binary file's "lines") say nothing; the screen below explains. */}
          {problem !== null ? null : (
          <span className="status-muted">
            {plural(result.events.length, 'message')} in the log · {plural(result.connections.length, 'connection')} ·{' '}
            {plural(result.input.lines, 'line')}
          </span>
          )}
          {problem === 'empty' || problem === 'binary' ? null : result.input.capture === undefined ? (
            <DialectSelect
              detection={result.detection}
              override={dialectOverride}
              onChange={(d) => void setDialect(d)}
            />
          ) : (
            // A capture has one reading: its TCP streams. There is no other format to pick.
            <span className="status-muted" data-testid="capture-info" title={describeCapture(result.input.capture)}>
              Packet capture ({result.input.capture.format}): {plural(result.input.capture.packets, 'packet')},{' '}
              {plural(result.input.capture.msnpConnections, 'MSNP connection')}
              {/* The title is for pointers; screen readers get the whole sentence. */}
              <span className="visually-hidden"> — {describeCapture(result.input.capture)}</span>
            </span>
          )}
        </>
      ) : null}
      <span className="spacer" />
      <ShareButton />
      {phase !== 'empty' ? <FilePicker onFile={openFile} /> : null}
    </header>
  );
}

function Screen() {
  const s = useAppStore(
    useShallow((st) => ({
      phase: st.phase,
      result: st.result,
      loading: st.loading,
      source: st.source,
      dialectOverride: st.dialectOverride,
      expectedLog: st.view.log,
    })),
  );
  const log = useAppStore((st) => st.logActions);
  const openFile = useOpenFile();
  if (s.phase === 'loading' && s.loading) {
    return <LoadProgress {...s.loading} onCancel={log.cancelLoad} />;
  }
  if (s.result === null) {
    return (
      <EmptyPage
        onFile={openFile}
        onText={(t) => void log.loadText(t)}
        onSample={(x) => void log.loadSample(x)}
        expectedLog={s.expectedLog}
      />
    );
  }
  const problem = inputProblem(s.result);
  if (problem !== null) {
    return (
      <ExplainScreen
        result={s.result}
        problem={problem}
        fileName={s.source?.name ?? 'this file'}
        override={s.dialectOverride}
        onDialect={(d) => void log.setDialect(d)}
      />
    );
  }
  return <Workspace result={s.result} />;
}

export function App() {
  useUrlSync();
  const phase = useAppStore((s) => s.phase);
  const via = useAppStore((s) => s.parsedVia);
  const openFile = useOpenFile();
  return (
    <div className="app" data-testid="app-root" data-state={phase} data-parsed-via={via ?? undefined}>
      <ErrorBoundary>
        <Header />
        <DropZone onFile={openFile} />
        <Notices />
        <ReportBanner />
        <main className="app-main">
          <Screen />
        </main>
      </ErrorBoundary>
    </div>
  );
}
