/** The `?` popover: the filter language's fields, rules and examples, from the state layer's help model. */
import { useEffect, useRef } from 'react';
import { FILTER_HELP } from '../../state/filter/filter-help';

interface Props {
  readonly onClose: () => void;
  readonly onExample: (query: string) => void;
}

export function FilterHelpPopover({ onClose, onExample }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return (
    <div
      ref={ref}
      className="help-popover"
      role="dialog"
      aria-label="Filter language help"
      tabIndex={-1}
      data-testid="filter-help"
    >
      <p>{FILTER_HELP.summary}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Write</th>
            <th scope="col">Meaning</th>
            <th scope="col">Examples</th>
          </tr>
        </thead>
        <tbody>
          {FILTER_HELP.fields.map((f) => (
            <tr key={f.field}>
              <td className="mono">{f.syntax}</td>
              <td>{f.description}</td>
              <td className="mono">{f.examples.join('  ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul>
        {FILTER_HELP.rules.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <p>Examples (click to try):</p>
      <ul>
        {FILTER_HELP.examples.map((ex) => (
          <li key={ex.query}>
            <button type="button" className="link mono" onClick={() => onExample(ex.query)}>
              {ex.query}
            </button>{' '}
            — {ex.meaning}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
