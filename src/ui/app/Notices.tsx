/**
 * One-time notices (a link value that could not be used, a file that is not the one a link was made for) and
 * the last load failure, which keeps the previous report on screen.
 */
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../state/store';

export function Notices() {
  const { notices, dismiss, loadError } = useAppStore(
    useShallow((s) => ({ notices: s.notices, dismiss: s.uiActions.dismissNotice, loadError: s.loadError })),
  );
  if (notices.length === 0 && loadError === null) return null;
  return (
    <div aria-live="polite">
      {loadError !== null ? (
        <div className="notice error" role="alert" data-testid="load-error">
          <span aria-hidden="true">✖</span>
          <span>
            <strong>The log could not be read:</strong> {loadError}
          </span>
        </div>
      ) : null}
      {notices.map((n) => (
        <div key={n.id} className="notice warn" data-testid={`notice-${n.kind}`}>
          <span aria-hidden="true">⚠</span>
          <span style={{ flex: 1 }}>{n.message}</span>
          <button type="button" onClick={() => dismiss(n.id)} aria-label="Dismiss notice">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
