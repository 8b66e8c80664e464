/**
 * Everything that narrows the timeline, in one bar: the filter-language box with presets, the error-range
 * chips, and the structured filters. All of it is view state, so all of it lands in the URL.
 */
import { useId, useMemo, useState, type Ref } from 'react';
import type { ConnectionFacet, CountsView } from '../../state/selectors';
import type { UrlState } from '../../state/url/url-state';
import type { ViewSliceActions } from '../../state/view-slice';
import { ErrorChips } from './ErrorChips';
import { toCommandFacets } from './command-facets';
import { MoreFilters, type FilterFacets } from './MoreFilters';
import { Presets } from './Presets';
import { QueryBox } from './QueryBox';
import { foldButtonText, foldedFilterCount } from './folded-filters';

interface Props {
  readonly view: UrlState;
  readonly actions: ViewSliceActions;
  readonly counts: CountsView;
  /** The log's connections with events (a server's log names the account on each): `connectionFacets`. */
  readonly connections: readonly ConnectionFacet[];
  readonly nonProtocolCount: number;
  readonly filterActive: boolean;
  readonly queryRef: Ref<HTMLInputElement>;
}

function toFacets(counts: CountsView, connections: readonly ConnectionFacet[], nonProtocolCount: number): FilterFacets {
  const { whole } = counts;
  return {
    codes: [...whole.byCode].map(([code, count]) => ({ code, count })).sort((a, b) => a.code - b.code),
    commands: toCommandFacets(whole.byCommand),
    connections,
    nonProtocolCount,
  };
}

export function FiltersBar({ view, actions, counts, connections, nonProtocolCount, filterActive, queryRef }: Props) {
  // Whole-log facets change only with the log: a log with 40 000 switchboards must not re-sort them per keystroke.
  const facets = useMemo(() => toFacets(counts, connections, nonProtocolCount), [counts.whole, connections, nonProtocolCount]);
  // Only a short window folds the rows (app.css); the button exists, hidden, in a tall one, so the state survives
  // a resize.
  const [unfolded, setUnfolded] = useState(false);
  const foldId = useId();
  const folded = foldedFilterCount(view);
  return (
    <section className="filters" aria-label="Filters" data-testid="filters" data-folded={unfolded ? 'false' : 'true'}>
      <div className="filter-row">
        <QueryBox value={view.q} onChange={actions.setQuery} inputRef={queryRef} />
        <button
          type="button"
          className="filters-fold"
          data-testid="filters-fold"
          aria-expanded={unfolded}
          aria-controls={foldId}
          onClick={() => setUnfolded((u) => !u)}
        >
          {foldButtonText(folded, unfolded)}
        </button>
      </div>
      <div className="filter-rows-folding" id={foldId}>
        <div className="filter-row">
          <Presets query={view.q} onApply={actions.applyPreset} />
          <ErrorChips selected={view.err} counts={counts.whole.byClass} onToggle={actions.toggleErrorClass} />
          {filterActive ? (
            <button type="button" data-testid="clear-filters" onClick={actions.clearFilters}>
              Clear filters
            </button>
          ) : null}
        </div>
        <MoreFilters view={view} actions={actions} facets={facets} />
      </div>
    </section>
  );
}
