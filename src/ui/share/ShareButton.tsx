/** The Share button of the header; `s` opens the dialog too (when no text field has the focus). */
import { useEffect } from 'react';
import { useAppStore } from '../../state/store';
import { useShareStore } from '../../state/share/share-store';
import { isTypingTarget } from '../app/shortcuts';
import { ShareDialog } from './ShareDialog';
import './share.css';

export function ShareButton() {
  const hasResult = useAppStore((s) => s.result !== null);
  const open = useShareStore((s) => s.dialogOpen);
  const setOpen = useShareStore((s) => s.setDialogOpen);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 's' || e.ctrlKey || e.altKey || e.metaKey || isTypingTarget(e.target) || !hasResult) return;
      if (document.querySelector('[role="dialog"]') !== null) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hasResult, setOpen]);

  if (!hasResult) return null;
  return (
    <>
      <button type="button" className="primary" data-testid="share-button" aria-keyshortcuts="s" title="Share a redacted report (s)" onClick={() => setOpen(true)}>
        Share…
      </button>
      {open ? <ShareDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
