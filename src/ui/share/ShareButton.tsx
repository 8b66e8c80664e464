/** The Share button of the header; `s` opens the dialog too (when no text field has the focus). */
import { useEffect } from 'react';
import { useAppStore } from '../../state/store';
import { inputProblem } from '../app/ExplainScreen';
import { useShareStore } from '../../state/share/share-store';
import { isTypingTarget } from '../app/shortcuts';
import { ShareDialog } from './ShareDialog';
import './share.css';

const SHARE_UNAVAILABLE = 'There is no log to share: this file has no MSNP messages.';

export function ShareButton() {
  // Not while another log is being read: the dialog would share the log the progress screen hides.
  const hasResult = useAppStore((s) => s.result !== null && s.phase !== 'loading');
  // An empty, binary or non-MSNP file has no log to share: a report of it would show the recipient nothing.
  const nothingToShare = useAppStore((s) => s.result !== null && inputProblem(s.result) !== null);
  const open = useShareStore((s) => s.dialogOpen);
  const setOpen = useShareStore((s) => s.setDialogOpen);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 's' || e.ctrlKey || e.altKey || e.metaKey || isTypingTarget(e.target) || !hasResult || nothingToShare) return;
      if (document.querySelector('[role="dialog"]') !== null) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hasResult, nothingToShare, setOpen]);

  if (!hasResult) return null;
  return (
    <>
      {/* aria-disabled, not disabled: the button stays in the Tab order so its reason can be heard. */}
      <button
        type="button"
        className="primary"
        data-testid="share-button"
        aria-keyshortcuts="s"
        aria-disabled={nothingToShare}
        aria-describedby={nothingToShare ? 'share-unavailable' : undefined}
        title={nothingToShare ? SHARE_UNAVAILABLE : 'Share a redacted report (s)'}
        onClick={() => {
          if (!nothingToShare) setOpen(true);
        }}
      >
        Share…
      </button>
      {nothingToShare ? (
        <span id="share-unavailable" className="visually-hidden">
          {SHARE_UNAVAILABLE}
        </span>
      ) : null}
      {open ? <ShareDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
