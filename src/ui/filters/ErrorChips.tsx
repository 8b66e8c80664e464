/**
 * Error-range chips 2xx…9xx, multi-select, each with its count. A chip covers its whole range (8xx is 800–899).
 * Counts are over the whole log, and the label says so, so toggling a chip never changes the numbers on it.
 */
import type { ErrorClass } from '../../msnp/types';
import { ERROR_CLASSES } from '../../state/url/url-state';
import { formatCount, plural } from '../shared/format';

interface Props {
  readonly selected: readonly ErrorClass[];
  readonly counts: Readonly<Record<ErrorClass, number>>;
  readonly onToggle: (c: ErrorClass) => void;
}

export function ErrorChips({ selected, counts, onToggle }: Props) {
  return (
    <div className="filter-row" role="group" aria-labelledby="chips-label">
      <span id="chips-label">Error ranges (whole log):</span>
      {ERROR_CLASSES.map((c) => {
        const n = counts[c] ?? 0;
        const on = selected.includes(c);
        return (
          <button
            key={c}
            type="button"
            className="chip"
            data-testid={`chip-${c}`}
            aria-pressed={on}
            // Read out as range and count apart: the visible text runs them together ("8xx4").
            aria-label={`${c}: ${plural(n, 'error')}`}
            disabled={n === 0 && !on}
            title={`${n} error ${n === 1 ? 'reply' : 'replies'} with a code from ${c[0]}00 to ${c[0]}99`}
            onClick={() => onToggle(c)}
          >
            {c}
            <span className="count">{formatCount(n)}</span>
          </button>
        );
      })}
    </div>
  );
}
