/**
 * The first screen: one sentence on what the tool does and that the log stays in the browser, then every way
 * in — drop, pick, paste (box or Ctrl+V anywhere on this page) and the bundled samples.
 */
import { useEffect } from 'react';
import { sampleByFingerprint, type SampleLog } from '../../state/samples';
import { FilePicker } from './FilePicker';
import { PasteBox } from './PasteBox';
import { SampleList } from './SampleList';

interface Props {
  readonly onFile: (file: File) => void;
  readonly onText: (text: string) => void;
  readonly onSample: (sample: SampleLog) => void;
  /** Fingerprint of the log a link or a reload expects; the page asks for that file again. */
  readonly expectedLog: string | null;
}

export function EmptyPage({ onFile, onText, onSample, expectedLog }: Props) {
  // A link made on a bundled sample: the page has that log itself, so it offers it instead of asking for a file.
  const expectedSample = sampleByFingerprint(expectedLog);
  // Ctrl+V on the empty page (outside the paste box, which handles its own paste) loads the clipboard text.
  useEffect(() => {
    const onPaste = (e: ClipboardEvent): void => {
      const target = e.target;
      if (target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (text.trim() === '') return;
      e.preventDefault();
      onText(text);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [onText]);

  return (
    <div className="empty" data-testid="empty-page">
      {expectedSample !== null ? (
        <div className="notice warn" role="status" data-testid="need-file">
          <span aria-hidden="true">⚠</span>
          <span>
            This view was made on the bundled sample “{expectedSample.title}”.{' '}
            <button type="button" className="link" data-testid="open-expected-sample" onClick={() => onSample(expectedSample)}>
              Open the sample “{expectedSample.title}”
            </button>{' '}
            and the filters, selection and tab come back.
          </span>
        </div>
      ) : expectedLog !== null ? (
        <div className="notice warn" role="status" data-testid="need-file">
          <span aria-hidden="true">⚠</span>
          <span>
            This view was made for a log that is not loaded (its fingerprint is <span className="mono">{expectedLog}</span>).
            Logs never leave the browser, so the page cannot fetch it: drop or open the same file again and the filters,
            selection and tab come back.
          </span>
        </div>
      ) : null}
      <h2>See what went wrong in an MSN Messenger session</h2>
      <p className="lead">
        Drop an MSNP protocol log to see every command, reply and error in order, with the failures explained. The
        log is read inside this browser tab and never leaves it.
      </p>
      <div className="drop-target">
        <p>
          <strong>Drop a log file anywhere on this page</strong>, or
        </p>
        <FilePicker onFile={onFile} primary label="Choose a log file…" />
        <p style={{ marginTop: 10, marginBottom: 0, fontSize: 12 }}>
          Reads Pidgin/libpurple, emesene/papyon, aMSN and Miranda NG logs, Escargot server logs, plain{' '}
          <kbd>&gt;&gt;&gt;</kbd>/<kbd>&lt;&lt;&lt;</kbd> transcripts and packet captures (pcap, pcapng). You can also
          press <kbd>Ctrl</kbd>+<kbd>V</kbd> to paste a log.
        </p>
      </div>
      <section aria-labelledby="samples-title">
        <h3 id="samples-title">Or open a sample</h3>
        <SampleList onSample={onSample} />
      </section>
      <section>
        <PasteBox onText={onText} />
      </section>
    </div>
  );
}
