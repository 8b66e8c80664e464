/**
 * The share dialog: name and note, redaction checklist with manifest and preview, the report link (length,
 * warning), the view link, the report file, and exports. A modal with focus kept inside; Esc closes it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { DEFAULT_REDACT_SELECTION, type RedactSelection } from '../../msnp/redact';
import { useShareStore } from '../../state/share/share-store';
import { ExportPanel } from './ExportPanel';
import { LinkPanel } from './LinkPanel';
import { RedactionPanel } from './RedactionPanel';
import { useShareModel } from './use-share-model';

interface NameAndNoteProps {
  readonly name: string;
  readonly note: string;
  readonly onName: (s: string) => void;
  readonly onNote: (s: string) => void;
}

/** Shown to whoever opens the report, as its header. The name field takes the focus when the dialog opens. */
function NameAndNote({ name, note, onName, onNote }: NameAndNoteProps) {
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <section className="share-section share-meta" aria-label="Name and note">
      <label>
        Name <input ref={first} data-testid="share-name" value={name} maxLength={200} onChange={(e) => onName(e.target.value)} placeholder="e.g. Login fails after the ticket" />
      </label>
      <label>
        Note <textarea data-testid="share-note" value={note} maxLength={4000} rows={2} onChange={(e) => onNote(e.target.value)} placeholder="What the reader should look at" />
      </label>
    </section>
  );
}

function DeferredNotice({ onRedact }: { readonly onRedact: () => void }) {
  return (
    <p className="share-warning" data-testid="redact-large">
      This log is large: redacting it takes a while and its report link will be too long for chat.{' '}
      <button type="button" onClick={onRedact}>
        Redact it now
      </button>{' '}
      The view link below works without it.
    </p>
  );
}

export function ShareDialog({ onClose }: { readonly onClose: () => void }) {
  const opened = useShareStore((s) => s.opened);
  const [name, setName] = useState(opened?.name ?? '');
  const [note, setNote] = useState(opened?.note ?? '');
  const [selection, setSelection] = useState<RedactSelection>(DEFAULT_REDACT_SELECTION);
  const [redactLarge, setRedactLarge] = useState(false);
  // The link is rebuilt from name/note only once typing pauses, not on every keystroke.
  const [settled, setSettled] = useState({ name, note });
  useEffect(() => {
    const t = setTimeout(() => setSettled({ name, note }), 250);
    return () => clearTimeout(t);
  }, [name, note]);
  const inputs = useMemo(() => ({ name: settled.name, note: settled.note, selection, redactLarge }), [settled, selection, redactLarge]);
  const model = useShareModel(inputs);

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal share-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="share-title"
        data-testid="share-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <div className="share-head">
          <h2 id="share-title">Share this view</h2>
          <button type="button" onClick={onClose} aria-label="Close the share dialog">
            ✕
          </button>
        </div>
        <NameAndNote name={name} note={note} onName={setName} onNote={setNote} />
        {model === null ? (
          <p>Open a log first.</p>
        ) : (
          <>
            <RedactionPanel selection={selection} onSelection={setSelection} redaction={model.redaction} alreadyShared={model.alreadyShared} />
            {model.redactionDeferred ? <DeferredNotice onRedact={() => setRedactLarge(true)} /> : null}
            <LinkPanel model={model} name={settled.name} />
            <ExportPanel model={model} name={settled.name} note={settled.note} />
          </>
        )}
      </div>
    </div>
  );
}
