/** The `?` dialog: every keyboard shortcut, from the same table the handler uses. */
import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './shortcuts';

interface Props {
  readonly onClose: () => void;
}

export function ShortcutsDialog({ onClose }: Props) {
  const closeBtn = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement;
    closeBtn.current?.focus();
    return () => {
      if (previous instanceof HTMLElement) previous.focus();
    };
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcuts-dialog">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <td>
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 ? ' or ' : ''}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </td>
                <td>{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          On the Transcript tab these keys walk the messages of the connection shown, and <kbd>e</kbd> its errors;{' '}
          <kbd>Home</kbd>, <kbd>End</kbd> and the page keys while its list has the focus. On the Findings and
          Accounts tabs, which list no messages, <kbd>e</kbd> and <kbd>E</kbd> go to the error on the Timeline.
        </p>
        <p>
          <button ref={closeBtn} type="button" onClick={onClose}>
            Close
          </button>
        </p>
      </div>
    </div>
  );
}
