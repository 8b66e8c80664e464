/**
 * The filter-language search box. It validates as you type and names the exact problem (with its position);
 * a broken term is left out while the rest keeps filtering. `/` focuses it from anywhere.
 */
import { useEffect, useId, useRef, useState, type Ref } from 'react';
import { parseFilter } from '../../state/filter/filter-parse';
import { FilterHelpPopover } from './FilterHelpPopover';
import { CodeText } from '../shared/CodeText';

interface Props {
  readonly value: string;
  readonly onChange: (q: string) => void;
  readonly inputRef: Ref<HTMLInputElement>;
}

/**
 * The box's own text, applied to the store at once when the previous application has been painted, and
 * otherwise on the frame after it (each application filters every row of the log: on a large log keys typed
 * while one is being applied are applied together, the last one always). Changes from elsewhere (a preset,
 * Clear, the URL) replace the text unless the user's keystrokes are still waiting.
 */
function useTypedQuery(value: string, onChange: (q: string) => void): [string, (q: string) => void] {
  const [draft, setDraft] = useState(value);
  const pending = useRef<string | null>(null);
  /** Set from an application until the frame that shows it has been painted. */
  const busy = useRef<{ readonly kind: 'frame' | 'task'; readonly id: number } | null>(null);
  const apply = useRef<(q: string) => void>(() => undefined);
  apply.current = (q: string): void => {
    onChange(q);
    // The task after the next animation frame runs once that frame (the one showing this result) is painted.
    const afterPaint = (): void => {
      busy.current = null;
      const next = pending.current;
      pending.current = null;
      if (next !== null) apply.current(next);
    };
    busy.current = { kind: 'frame', id: requestAnimationFrame(() => {
      busy.current = { kind: 'task', id: window.setTimeout(afterPaint, 0) };
    }) };
  };
  useEffect(() => {
    if (pending.current === null) setDraft(value);
  }, [value]);
  useEffect(() => () => {
    const b = busy.current;
    if (b?.kind === 'frame') cancelAnimationFrame(b.id);
    else if (b?.kind === 'task') clearTimeout(b.id);
  }, []);
  const type = (q: string): void => {
    setDraft(q);
    if (busy.current === null) apply.current(q);
    else pending.current = q;
  };
  return [draft, type];
}

export function QueryBox({ value: applied, onChange, inputRef }: Props) {
  const [helpOpen, setHelpOpen] = useState(false);
  const errId = useId();
  const [value, type] = useTypedQuery(applied, onChange);
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
        onChange={(e) => type(e.currentTarget.value)}
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
              {/* The message quotes the term itself (as code); the input is not repeated after it. */}
              <CodeText text={p.message} />
            </div>
          ))}
        </div>
      ) : null}
      {helpOpen ? (
        <FilterHelpPopover
          onClose={() => setHelpOpen(false)}
          onExample={(q) => {
            type(q);
            setHelpOpen(false);
          }}
        />
      ) : null}
    </div>
  );
}
