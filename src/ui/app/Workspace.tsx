/**
 * The loaded-log screen: filters, overview strip, tabs (timeline / per-connection transcript) and the detail
 * pane. Holds only ephemeral state (visible window, scroll requests, whether details are open); everything
 * shareable lives in the store's view slice.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { TABS, type Tab } from '../../state/url/url-state';
import { tabAfterKey } from './tab-keys';
import { useShallow } from 'zustand/react/shallow';
import { summarizeAccounts, type AccountSummary } from '../../msnp/findings/accounts';
import type { EventId, Finding, ParseResult } from '../../msnp/types';
import { AccountsView } from '../accounts/AccountsView';
import { getAppStore, useAppStore } from '../../state/store';
import {
  selectCounts,
  selectEmptyCause,
  selectFilterActive,
  selectFiltersBesideFinding,
  selectFilteredRows,
  selectNonProtocolCount,
  selectKeyRows,
  selectTranscriptRows,
  connectionFacets,
} from '../../state/selectors';
import { FiltersBar } from '../filters/FiltersBar';
import { OverviewStrip } from '../overview/OverviewStrip';
import { shouldShowOverview } from '../overview/overview-visibility';
import { TimelineView } from '../timeline/TimelineView';
import { TranscriptView } from '../transcript/TranscriptView';
import { DetailPane } from '../detail/DetailPane';
import type { ScrollRequest } from '../timeline/TimelineTable';
import { ShortcutsDialog } from './ShortcutsDialog';
import { FindingsPanel } from '../findings/FindingsPanel';
import { getBurstBands, keyEventOf, rowMarks } from '../findings/finding-marks';
import { useKeyboard } from './use-keyboard';
import { useStagedMount } from './use-staged-mount';
import { formatCount } from '../shared/format';
import type { RowMarks } from '../findings/finding-marks';

const NO_ROWS = new Int32Array(0);
const NO_MARKS: RowMarks = { get: () => undefined };

interface Props {
  readonly result: ParseResult;
}

const NO_ACCOUNTS: readonly AccountSummary[] = [];
const ALL_TABS: readonly Tab[] = TABS;
const TABS_WITHOUT_ACCOUNTS: readonly Tab[] = TABS.filter((t) => t !== 'accounts');

export function Workspace({ result }: Props) {
  const view = useAppStore((s) => s.view);
  const filtersBesideFinding = useAppStore(selectFiltersBesideFinding);
  const actions = useAppStore((s) => s.viewActions);
  const { rows, counts, filterActive, emptyCause, nonProtocolCount, transcriptRows } = useAppStore(
    useShallow((s) => ({
      rows: selectFilteredRows(s),
      counts: selectCounts(s),
      filterActive: selectFilterActive(s),
      emptyCause: selectEmptyCause(s),
      nonProtocolCount: selectNonProtocolCount(s),
      // Derived only while the transcript is shown: it walks every event.
      transcriptRows: s.view.tab === 'transcript' ? selectTranscriptRows(s) : NO_ROWS,
    })),
  );
  // The tabs first, then the table, the filters, the overview strip, the findings and the accounts, each in a task
  // of its own (see use-staged-mount): on a million-row log each of them costs tens of milliseconds to derive and
  // mount.
  const stage = useStagedMount(5, result);
  const showTable = stage >= 1;
  const showFilters = stage >= 2;
  // A log of a few dozen messages gets no strip at all (overview-visibility.ts): the table shows most of it.
  const showStrip = stage >= 3 && shouldShowOverview(result.events.length);
  const stripWanted = shouldShowOverview(result.events.length);
  const showFindings = stage >= 4;
  // Whether the log has accounts (the Accounts tab), after the findings: summing a busy server log's sign-ins and
  // errors per account took ~60 ms, in the same task as the findings panel's ~60.
  const showAccounts = stage >= 5;
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(null);
  const [detailOpen, setDetailOpen] = useState(true);
  const [helpOpen, setHelpOpen] = useState(false);
  const queryRef = useRef<HTMLInputElement>(null);
  const detailRef = useRef<HTMLElement>(null);
  const mainRef = useRef<HTMLDivElement>(null);
  // After the render that opens or closes the pane: the element to focus exists (or is gone) only then.
  const focusDetail = useCallback(() => requestAnimationFrame(() => detailRef.current?.focus()), []);
  const focusSelectedRow = useCallback(
    () =>
      requestAnimationFrame(() => {
        // The timeline's selected row (it has the grid's Tab stop), or the transcript's list, whose selected line
        // is its active descendant: the focus goes back to where the keys move the selection.
        mainRef.current?.querySelector<HTMLElement>('tr[aria-selected="true"], [data-testid="transcript-lines"]')?.focus();
      }),
    [],
  );
  const closeDetail = useCallback(() => {
    setDetailOpen(false);
    focusSelectedRow();
  }, [focusSelectedRow]);
  const nonce = useRef(0);

  const scrollTo = useCallback((index: number) => {
    nonce.current += 1;
    setScrollRequest({ index, nonce: nonce.current });
  }, []);
  // The visible window goes to the ui slice, not to this component's state: scrolling must re-render only
  // the table and the strip, never the filters or the findings.
  const setScroll = useAppStore((s) => s.uiActions.setScroll);
  const onVisibleRange = useCallback((first: number, last: number) => setScroll(first, last - first + 1), [setScroll]);

  // Bring the selected event into view whenever it changes or the rows around it do (links, keys, jumps), and
  // when the pane opens or closes: in a window under 1200 px it takes the lower half of the table's height
  // (app.css), and the row it details must not end up beneath it.
  const sel = view.sel;
  const paneShown = sel !== null && detailOpen;
  useEffect(() => {
    if (sel === null) return;
    const i = rows.indexOf(sel);
    if (i >= 0) scrollTo(i);
  }, [sel, rows, scrollTo, paneShown]);

  const select = useCallback(
    (id: EventId) => {
      actions.select(id);
      setDetailOpen(true);
    },
    [actions],
  );
  // Findings hook (issue #4): evidence rows of the open finding, burst brackets and bands.
  const marks = useMemo(() => (showFindings ? rowMarks(result, view.finding) : NO_MARKS), [result, view.finding, showFindings]);
  const bands = useMemo(
    () =>
      showStrip
        ? getBurstBands(result).slice(0, 500).map((b) => ({ id: b.findingId, first: b.first, last: b.last, label: b.label }))
        : [],
    [result, showStrip],
  );
  const openFinding = useCallback(
    (f: Finding) => {
      actions.setFinding(f.id);
      if (view.tab !== 'timeline') actions.setTab('timeline');
      const key = keyEventOf(f);
      if (key !== null) select(key);
    },
    [actions, select, view.tab],
  );
  // One row per account of a server's log (none otherwise), derived in the last stage or when its tab is open.
  const accountsWanted = showAccounts || view.tab === 'accounts';
  const accounts = useMemo(() => (accountsWanted ? summarizeAccounts(result) : NO_ACCOUNTS), [result, accountsWanted]);
  const keyRowsTab = view.tab;
  useKeyboard(
    {
      // On the transcript the keys walk its connection's messages, not the timeline's rows (which may be others).
      rows: () => selectKeyRows(getAppStore().getState()),
      firstVisibleRow: () => (keyRowsTab === 'transcript' ? 0 : getAppStore().getState().scrollRow),
      // The transcript's list pages itself while it has the focus (TranscriptView); the other tabs show no rows.
      rowsInView: () => (keyRowsTab === 'timeline' ? getAppStore().getState().visibleRows : null),
      showsRows: () => keyRowsTab === 'timeline' || keyRowsTab === 'transcript',
      showTimeline: () => actions.setTab('timeline'),
      openDetail: setDetailOpen,
      focusDetail,
      focusSelectedRow,
      isDetailOpen: () => detailOpen && sel !== null,
      focusFilter: () => queryRef.current?.focus(),
      showHelp: setHelpOpen,
      isHelpOpen: () => helpOpen,
      reveal: () => undefined, // the selection effect above scrolls
    },
    true,
  );

  if (counts === null) return null;
  const tab = view.tab;
  // Only a log of several accounts (a server's) has them; a link to the Accounts tab still opens it.
  const tabs: readonly Tab[] = accounts.length > 0 || tab === 'accounts' ? ALL_TABS : TABS_WITHOUT_ACCOUNTS;
  const findingsPanel = (
    <FindingsPanel
      result={result}
      active={view.finding}
      shownEvents={counts.filtered.events}
      totalEvents={counts.whole.events}
      otherFilters={filtersBesideFinding}
      onOpen={openFinding}
      onClear={() => actions.setFinding(null)}
      onSelectEvent={select}
      expanded={tab === 'findings'}
    />
  );
  return (
    <>
      {showFilters ? (
        <FiltersBar
          view={view}
          actions={actions}
          counts={counts}
          connections={connectionFacets(result)}
          nonProtocolCount={nonProtocolCount}
          filterActive={filterActive}
          queryRef={queryRef}
        />
      ) : (
        <div className="filters-placeholder" aria-hidden="true" />
      )}
      {showFindings && tab !== 'findings' ? findingsPanel : null}
      {!stripWanted ? null : showStrip ? (
        <OverviewStrip
          bands={bands}
          result={result}
          rows={rows}
          filtered={filterActive}
          lineOrder={view.sort.column === 'line' && !view.sort.desc}
          onJump={scrollTo}
        />
      ) : (
        <div className="overview-placeholder" aria-hidden="true" />
      )}
      {/* data-settled: every stage has mounted (the browser bench waits for it before timing filter changes). */}
      <div className="workspace" data-settled={showAccounts ? 'true' : 'false'}>
        <div className="workspace-main" ref={mainRef}>
          <div
            className="tabs"
            role="tablist"
            aria-label="Views"
            onKeyDown={(e) => {
              const next = tabAfterKey(tabs, tab, e.key);
              if (next === null) return;
              e.preventDefault();
              actions.setTab(next);
              e.currentTarget.querySelector<HTMLElement>(`[data-testid="tab-${next}"]`)?.focus();
            }}
          >
            <TabButton tab="timeline" current={tab} onSelect={actions.setTab}>
              Timeline
            </TabButton>
            <TabButton tab="transcript" current={tab} onSelect={actions.setTab}>
              Transcript (follow one connection)
            </TabButton>
            <TabButton tab="findings" current={tab} onSelect={actions.setTab}>
              Findings ({formatCount(result.findings.length)})
            </TabButton>
            {tabs.includes('accounts') ? (
              <TabButton tab="accounts" current={tab} onSelect={actions.setTab}>
                Accounts ({formatCount(accounts.length)})
              </TabButton>
            ) : null}
          </div>
          {tab === 'accounts' ? (
            <div className="findings-tab" role="tabpanel" aria-label="Accounts">
              <AccountsView
                accounts={accounts}
                onShow={actions.showAccount}
                sort={view.accountSort}
                onSort={actions.setAccountSort}
                query={view.accountQuery}
                onQuery={actions.setAccountQuery}
                fileName={result.input.fileName}
              />
            </div>
          ) : tab === 'findings' ? (
            <div className="findings-tab" data-testid="findings-view" role="tabpanel" aria-label="Findings">
              {findingsPanel}
            </div>
          ) : tab === 'timeline' && !showTable ? (
            <div className="table-placeholder" aria-hidden="true" />
          ) : tab === 'timeline' ? (
            <TimelineView
              result={result}
              rows={rows}
              totalEvents={counts.whole.events}
              shownEvents={counts.filtered.events}
              filterActive={filterActive}
              emptyCause={emptyCause}
              selected={sel}
              scrollRequest={scrollRequest}
              onSelect={select}
              onVisibleRange={onVisibleRange}
              onClearFilters={actions.clearFilters}
              sort={view.sort}
              onSort={actions.setSort}
              marks={marks}
            />
          ) : (
            <TranscriptView
              result={result}
              connection={view.tconn}
              rows={transcriptRows}
              selected={sel}
              paneShown={paneShown}
              onConnection={actions.setTranscriptConnection}
              onSelect={select}
              onMove={actions.select}
            />
          )}
        </div>
        {sel !== null && detailOpen ? (
          <DetailPane result={result} id={sel} onJump={select} onClose={closeDetail} paneRef={detailRef} />
        ) : null}
      </div>
      {helpOpen ? <ShortcutsDialog onClose={() => setHelpOpen(false)} /> : null}
    </>
  );
}

function TabButton({ tab, current, onSelect, children }: { readonly tab: Tab; readonly current: Tab; readonly onSelect: (tab: Tab) => void; readonly children: ReactNode }) {
  return (
    <button type="button" role="tab" data-testid={`tab-${tab}`} aria-selected={tab === current} tabIndex={tab === current ? 0 : -1} onClick={() => onSelect(tab)}>
      {children}
    </button>
  );
}
