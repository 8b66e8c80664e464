/**
 * The findings panel above the timeline: the verdict, then every finding grouped by group and severity with
 * counts, most important first (login, rate limits, then the rest). Opening a finding narrows the timeline to
 * its evidence and selects its key line; the clear action says what it brings back.
 */
import { useId, useMemo, useState } from 'react';
import { assertNever } from '../../msnp/assert';
import type { EventId, Finding, FindingGroup, ParseResult, RateLimitBurst, Severity } from '../../msnp/types';
import { memberPlace, rollCountText, rollUpFindings, type FindingRow, type RolledRow } from '../../msnp/findings/roll-up';
import { plural } from '../../msnp/format-count';
import { formatCount } from '../shared/format';
import { ShowMore } from '../shared/ShowMore';
import { CodeText } from '../shared/CodeText';
import { findingsNamed } from './finding-marks';
import { LoginLadder } from './LoginLadder';
import { findingBannerWords } from './finding-banner';
import { VerdictLine } from './VerdictLine';
import { ReadingNotes } from './ReadingNotes';
import { FOLD_FINDINGS_WINDOW, useMediaQuery } from '../shared/use-media-query';
import { findingsStartOpen } from './findings-fold';
import './findings.css';

interface Props {
  readonly result: ParseResult;
  /** The view's `finding` (an id or a kind), or null. */
  readonly active: string | null;
  readonly shownEvents: number;
  readonly totalEvents: number;
  /** Another filter narrows the timeline too (selectFiltersBesideFinding). */
  readonly otherFilters?: boolean;
  readonly onOpen: (f: Finding) => void;
  readonly onClear: () => void;
  readonly onSelectEvent: (id: EventId) => void;
  /** Shown as the Findings tab: the list starts open. */
  readonly expanded?: boolean;
}

/**
 * A pathological log can hold thousands of bursts, and a server log a sign-in per connection: a group lists this
 * many, then grows by a page per click. Listing all 40,000 sign-ins of a 20 MB server log at once held the page
 * for seconds.
 */
const GROUP_SHOWN = 50;
const GROUP_PAGE = 200;

const GROUP_ORDER: readonly FindingGroup[] = ['login', 'rate-limit', 'sequence', 'response-code', 'malformed'];
const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'note'];

function groupTitle(g: FindingGroup): string {
  switch (g) {
    case 'login':
      return 'Login';
    case 'rate-limit':
      return 'Rate limits';
    case 'sequence':
      return 'Sequence';
    case 'response-code':
      return 'Response codes';
    case 'malformed':
      return 'Malformed';
    default:
      return assertNever(g, 'finding group');
  }
}

const SEVERITY_ICON: Readonly<Record<Severity, string>> = { error: '✗', warning: '!', note: 'i' };


function countText(list: readonly Finding[]): string {
  const parts = SEVERITY_ORDER.map((s) => {
    const n = list.filter((f) => f.severity === s).length;
    return n === 0 ? '' : plural(n, s);
  }).filter((p) => p !== '');
  return parts.join(', ');
}

export function FindingsPanel(props: Props) {
  const { result, active } = props;
  const findings = result.findings;
  const activeList = findingsNamed(findings, active);
  const hasProblems = findings.some((f) => f.severity !== 'note');
  // Grouped and rolled once per result, not on every render (a server's log has tens of thousands of findings).
  const groups = useMemo(() => groupFindings(findings), [findings]);
  const totalText = useMemo(() => countText(findings), [findings]);
  const banner = findingBannerWords(props.shownEvents, props.totalEvents, props.otherFilters === true);
  // A short narrow window starts the list folded to its one-line summary, so the table keeps its rows
  // (findings-fold.ts); the summary opens it. Once the user opens or closes it (or a finding opens it), that holds.
  const foldWindow = useMediaQuery(FOLD_FINDINGS_WINDOW);
  const [listOpen, setListOpen] = useState<boolean | null>(null);
  const open = props.expanded === true || active !== null || (listOpen ?? findingsStartOpen(hasProblems, foldWindow));
  return (
    <section className="findings" data-testid="findings-panel" aria-label="Findings">
      <VerdictLine result={result} />
      <ReadingNotes result={result} />
      {active !== null ? (
        <div className="finding-filter" data-testid="finding-filter" role="status">
          {banner.lead}{' '}
          <strong>{activeList.length === 1 ? activeList[0]?.title : `finding ${active}`}</strong>
          {banner.tail}{' '}
          <button type="button" className="link" data-testid="finding-clear" onClick={props.onClear}>
            {banner.clear}
          </button>
        </div>
      ) : null}
      {findings.length === 0 ? null : (
        <details className="findings-list" open={open} onToggle={(e) => setListOpen(e.currentTarget.open)}>
          <summary>
            Findings ({formatCount(findings.length)}: {totalText})
          </summary>
          {groups.map(({ group, rows, counts }) => (
            <FindingsGroup key={group} group={group} rows={rows} counts={counts} activeList={activeList} itemProps={props} />
          ))}
        </details>
      )}
    </section>
  );
}

interface FindingsGroupData {
  readonly group: FindingGroup;
  /** The group's findings by severity, rolled up by headline. */
  readonly rows: readonly FindingRow[];
  /** `919 errors, 5,503 notes` */
  readonly counts: string;
}

function groupFindings(findings: readonly Finding[]): FindingsGroupData[] {
  return GROUP_ORDER.flatMap((group) => {
    const list = findings.filter((f) => f.group === group);
    if (list.length === 0) return [];
    // A server's log repeats a headline per account, a flood per burst: one row per headline (roll-up.ts).
    const ordered = SEVERITY_ORDER.flatMap((s) => list.filter((f) => f.severity === s));
    return [{ group, rows: rollUpFindings(ordered), counts: countText(list) }];
  });
}

interface GroupProps {
  readonly group: FindingGroup;
  readonly rows: readonly FindingRow[];
  readonly counts: string;
  readonly activeList: readonly Finding[];
  readonly itemProps: Props;
}

function FindingsGroup({ group, rows, counts, activeList, itemProps }: GroupProps) {
  const [limit, setLimit] = useState(GROUP_SHOWN);
  const shown = rows.slice(0, limit);
  // The finding the view names (from a link, say) is listed even when its row lies past the pages shown.
  for (const row of rows.slice(limit)) if (rowMembers(row).some((f) => activeList.includes(f))) shown.push(row);
  const hidden = rows.length - limit;
  return (
    <section className="findings-group" data-testid="findings-group" data-group={group}>
      <h2>
        {groupTitle(group)} <span className="count">({counts})</span>
      </h2>
      <ul>
        {shown.map((row) =>
          row.kind === 'single' ? (
            <FindingItem key={row.finding.id} {...itemProps} finding={row.finding} open={activeList.includes(row.finding)} />
          ) : (
            <RolledItem key={row.key} {...itemProps} row={row} activeList={activeList} />
          ),
        )}
      </ul>
      <ShowMore hidden={hidden} total={rows.length} step={GROUP_PAGE} testId="findings-more" onMore={() => setLimit((n) => n + GROUP_PAGE)} />
    </section>
  );
}

function rowMembers(row: FindingRow): readonly Finding[] {
  return row.kind === 'single' ? [row.finding] : row.members;
}

interface RolledProps extends Props {
  readonly row: RolledRow;
  readonly activeList: readonly Finding[];
}

/**
 * One headline shared by many findings: a disclosure that lists them by what tells them apart (the account, or
 * the line and time). Each one opens as a finding of its own; the row stays open while one of them is open.
 */
function RolledItem(props: RolledProps) {
  const { row, activeList, result } = props;
  const [expanded, setExpanded] = useState(false);
  const [limit, setLimit] = useState(GROUP_SHOWN);
  const holdsActive = row.members.some((f) => activeList.includes(f));
  const open = expanded || holdsActive;
  const toggle = (): void => {
    if (open && holdsActive) props.onClear();
    setExpanded(!open);
  };
  const shown = row.members.slice(0, limit);
  for (const f of row.members.slice(limit)) if (activeList.includes(f)) shown.push(f);
  const hidden = row.members.length - limit;
  const listId = useId();
  return (
    <li className={`finding finding-roll is-${row.severity}${open ? ' is-open' : ''}`} data-testid="finding-roll" data-kind={row.findingKind}>
      <button type="button" className="finding-title" aria-expanded={open} aria-controls={open ? listId : undefined} onClick={toggle}>
        <span className="finding-icon" aria-hidden="true">
          {SEVERITY_ICON[row.severity]}
        </span>
        <span className="visually-hidden">{row.severity}: </span>
        <CodeText text={row.headline} />
        <span className="finding-roll-count"> · {rollCountText(row)}</span>
      </button>
      {open ? (
        <>
          <ul className="finding-members" id={listId} data-testid="finding-members">
            {shown.map((f) => (
              <FindingItem key={f.id} {...props} finding={f} open={activeList.includes(f)} label={memberPlace(result.events, f)} />
            ))}
          </ul>
          <ShowMore
            hidden={hidden}
            total={row.members.length}
            step={GROUP_PAGE}
            testId="finding-members-more"
            className="finding-members-more"
            onMore={() => setLimit((n) => n + GROUP_PAGE)}
          />
        </>
      ) : null}
    </li>
  );
}

interface ItemProps extends Props {
  readonly finding: Finding;
  readonly open: boolean;
  /** Inside a rolled row: what tells this finding from the others (the headline is the row's). */
  readonly label?: string;
}

function FindingItem({ finding: f, open, label, result, onOpen, onClear, onSelectEvent }: ItemProps) {
  return (
    <li
      className={`finding is-${f.severity}${open ? ' is-open' : ''}`}
      data-testid="finding"
      data-finding-id={f.id}
      data-kind={f.kind}
    >
      <button
        type="button"
        className="finding-title"
        aria-expanded={open}
        onClick={() => (open ? onClear() : onOpen(f))}
      >
        <span className="finding-icon" aria-hidden="true">
          {SEVERITY_ICON[f.severity]}
        </span>
        <span className="visually-hidden">{f.severity}: </span>
        <CodeText text={label ?? f.title} />
        <span className="finding-evidence-count"> · {plural(f.evidence.length, 'message')}</span>
      </button>
      {open ? (
        <div className="finding-body" data-testid="finding-body">
          <p>
            <CodeText text={f.narrative} />
          </p>
          <p className="finding-advice">
            <strong>What to do:</strong> <CodeText text={f.advice} />
          </p>
          <FindingDetail finding={f} result={result} onSelectEvent={onSelectEvent} />
        </div>
      ) : null}
    </li>
  );
}

function FindingDetail({ finding, result, onSelectEvent }: { finding: Finding; result: ParseResult; onSelectEvent: (id: EventId) => void }) {
  const d = finding.detail;
  switch (d.kind) {
    case 'login':
      return <LoginLadder result={result} attempt={d.attempt} onSelectEvent={onSelectEvent} />;
    case 'rate-limit':
      return <BurstFacts burst={d.burst} result={result} onSelectEvent={onSelectEvent} />;
    case 'none':
      return null;
    default:
      return assertNever(d, 'finding detail');
  }
}

function BurstFacts({ burst, result, onSelectEvent }: { burst: RateLimitBurst; result: ParseResult; onSelectEvent: (id: EventId) => void }) {
  const refusedLine = result.events[burst.refusedAt]?.line;
  const w = burst.window;
  return (
    <dl className="burst-facts" data-testid="burst-facts">
      <dt>Throttled</dt>
      <dd>
        {burst.throttled} ({burst.code})
      </dd>
      <dt>Attempts</dt>
      <dd>
        {/* "within the limit", not "allowed": the CALs before a 713 were let through the limit but answered 217. */}
        {burst.attempts.length}: {burst.allowed} within the limit, then refused
        {refusedLine === undefined ? null : (
          <>
            {' '}at{' '}
            <button type="button" className="link" onClick={() => onSelectEvent(burst.refusedAt)}>
              line {refusedLine}
            </button>
          </>
        )}
        , {burst.retriesWhileThrottled.length} retried while throttled
      </dd>
      <dt>Limit</dt>
      <dd>{w === null ? 'unknown' : `${w.limit} per ${w.seconds} s (${w.source === 'seed' ? 'from the MSNP error list' : 'inferred from this log'})`}</dd>
      <dt>Counted by</dt>
      <dd>{burst.timed ? 'time (sliding window)' : 'order alone (the log has no times)'}</dd>
    </dl>
  );
}
