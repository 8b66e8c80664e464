/** Multi-select of commands with their counts over the whole log; a small disclosure menu of checkboxes. */
import { useEffect, useRef, useState } from 'react';
import { formatCount } from '../shared/format';

interface Props {
  readonly counts: readonly { readonly command: string; readonly count: number }[];
  readonly selected: readonly string[];
  readonly onToggle: (command: string) => void;
  readonly onClear: () => void;
}

export function CommandPicker({ counts, selected, onToggle, onClear }: Props) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent): void => {
      if (e instanceof KeyboardEvent) {
        if (e.key !== 'Escape') return;
        setOpen(false);
        // The focused checkbox goes away with the menu: focus goes back to the button that opened it.
        if (box.current?.contains(document.activeElement) === true) button.current?.focus();
      } else if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open]);
  const label = selected.length === 0 ? 'all' : selected.join(', ');
  return (
    <div className="cmd-picker" ref={box}>
      <button ref={button} type="button" aria-expanded={open} data-testid="command-picker" onClick={() => setOpen((o) => !o)}>
        Commands: {label} ▾
      </button>
      {open ? (
        <div className="menu" role="group" aria-label="Commands (counts over the whole log)">
          {selected.length > 0 ? (
            <button type="button" className="link" onClick={onClear}>
              Clear command filter
            </button>
          ) : null}
          {counts.map(({ command, count }) => (
            <label key={command}>
              <input type="checkbox" checked={selected.includes(command)} onChange={() => onToggle(command)} />
              <span style={{ flex: 1 }}>{command}</span>
              <span>{formatCount(count)}</span>
            </label>
          ))}
        </div>
      ) : null}
    </div>
  );
}
