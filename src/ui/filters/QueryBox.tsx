/**
 * The filter-language search box. It validates as you type and names the exact problem (with its position);
 * a broken term is left out while the rest keeps filtering. `/` focuses it from anywhere.
 */
import { useId, useState, type Ref } from 'react';
import { parseFilter } from '../../state/filter/filter-parse';
import { FilterHelpPopover } from './FilterHelpPopover';

interface Props {
  readonly value: string;
  readonly onChange: (q: string) => void;
  readonly inputRef: Ref<HTMLInputElement>;
}

export function QueryBox({ value, onChange, inputRef }: Props) {
  const [helpOpen, setHelpOpen] = useState(false);
  const errId = useId();
  const problems = parseFilter(value).problems;
  const invalid = problems.length > 0;
  return (
    <div className="query-box">
      <label htmlFor="query-input" className="visually-hidden">
        Filter
      </label>
      <input
        ref={inputRef}
        id="query-input"
        data-testid="query-input"
        type="search"
        spellCheck={false}
        autoComplete="off"
        placeholder='Filter: cmd:CAL code:>=700 -dir:client conn:SB2 "text"   (press / to focus)'
        value={value}
        aria-invalid={invalid}
        aria-describedby={invalid ? errId : undefined}
        onChange={(e) => onChange(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      <button
        type="button"
        aria-expanded={helpOpen}
        aria-label="Filter language help"
        title="Filter language help"
        data-testid="filter-help-button"
        onClick={() => setHelpOpen((o) => !o)}
      >
        ?
      </button>
      {invalid ? (
        <div id={errId} className="query-error" role="status" data-testid="query-error">
          {problems.map((p) => (
            <div key={`${p.start}-${p.end}`}>
              <span aria-hidden="true">✖ </span>
              {p.message}: <span className="mono">{value.slice(p.start, p.end) || '…'}</span>
            </div>
          ))}
        </div>
      ) : null}
      {helpOpen ? (
        <FilterHelpPopover
          onClose={() => setHelpOpen(false)}
          onExample={(q) => {
            onChange(q);
            setHelpOpen(false);
          }}
        />
      ) : null}
    </div>
  );
}
