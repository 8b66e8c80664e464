/** One-click filter presets ("Errors", "Login", "Rate limits", "Switchboards") from the state layer's list. */
import { FILTER_PRESETS, type FilterPreset } from '../../state/filter/filter-help';

interface Props {
  readonly query: string;
  readonly onApply: (id: FilterPreset['id']) => void;
}

export function Presets({ query, onApply }: Props) {
  return (
    <div className="filter-row" role="group" aria-label="Presets">
      <span>Presets:</span>
      {FILTER_PRESETS.map((p) => (
        <button
          key={p.id}
          type="button"
          className="chip"
          aria-pressed={query === p.query}
          title={`${p.description} (${p.query})`}
          data-testid={`preset-${p.id}`}
          onClick={() => onApply(p.id)}
        >
          {p.label}
        </button>
      ))}
    </div>
  );
}
