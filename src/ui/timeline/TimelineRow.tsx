/**
 * One rendered row of the timeline: an event row (cells from TanStack's column model) or a non-protocol line.
 * A row with a payload has a disclosure button; the payload then expands inline under the row, as text.
 */
import type { ReactTable } from '@tanstack/react-table';
import type { Row } from '@tanstack/react-table';
import { columnStyle, columnWidthCss, type TIMELINE_FEATURES } from './columns';
import type { TimelineItem } from './timeline-item';
import type { RowMark } from '../findings/finding-marks';
import { offersPayload, payloadRowText } from './payload-row';

type EventItem = Extract<TimelineItem, { kind: 'event' }>;
type LineItem = Extract<TimelineItem, { kind: 'line' }>;

interface CommonProps {
  readonly virtualIndex: number;
  readonly start: number;
  /** Expanded rows only: the ResizeObserver's ref (it returns its cleanup). */
  readonly measure: React.RefCallback<HTMLTableRowElement> | null;
  readonly selected: boolean;
  /** The row that Tab reaches in the grid (see tabStopKey). */
  readonly tabStop: boolean;
  readonly expanded: boolean;
  readonly onActivate: (item: TimelineItem) => void;
  readonly onToggleExpand: (key: string) => void;
}

interface EventRowProps extends CommonProps {
  readonly item: EventItem;
  readonly row: Row<typeof TIMELINE_FEATURES, EventItem>;
  readonly table: ReactTable<typeof TIMELINE_FEATURES, EventItem>;
  /** Findings hook (issue #4): evidence of the open finding, and the bracket beside a rate-limit burst. */
  readonly mark?: RowMark | undefined;
}

const NON_PROTOCOL_REASON: Readonly<Record<LineItem['line']['reason'], string>> = {
  blank: 'blank line',
  noise: 'not protocol',
  annotation: 'annotation',
  'connection-event': 'connection event',
  unreadable: 'unreadable',
};

function rowStyle(start: number): React.CSSProperties {
  return { transform: `translateY(${start}px)` };
}

export function TimelineRow({ item, row, table, mark, ...p }: EventRowProps) {
  const { event } = item;
  const hasPayload = offersPayload(event.payload);
  const classes = [
    event.error ? 'is-error' : '',
    event.status === 'unanswered' ? 'is-unanswered' : '',
    mark?.evidence === true ? 'is-evidence' : '',
    mark?.bracket ? `has-burst-bracket bracket-${mark.bracket.part}` : '',
    p.expanded ? 'is-expanded' : '',
  ].join(' ');
  return (
    <tr
      ref={p.measure ?? undefined}
      data-index={p.virtualIndex}
      data-row-key={item.key}
      data-event-id={event.id}
      role="row"
      aria-rowindex={p.virtualIndex + 2}
      aria-selected={p.selected}
      tabIndex={p.tabStop ? 0 : -1}
      className={classes}
      style={rowStyle(p.start)}
      onClick={() => p.onActivate(item)}
      data-evidence={mark?.evidence === true ? 'true' : undefined}
      data-burst={mark?.bracket?.findingId}
      title={mark?.bracket?.label}
    >
      {row.getAllCells().map((cell) => (
        <td key={cell.column.id} role="gridcell" style={columnStyle(cell.column.id)}>
          {cell.column.id === 'line' && hasPayload ? (
            <button
              type="button"
              className="expand-btn"
              aria-expanded={p.expanded}
              aria-label={p.expanded ? `Hide payload of line ${event.line}` : `Show payload of line ${event.line}`}
              onClick={(e) => {
                e.stopPropagation();
                p.onToggleExpand(item.key);
              }}
            >
              {p.expanded ? '▾' : '▸'}
            </button>
          ) : null}
          <table.FlexRender cell={cell} />
        </td>
      ))}
      {p.expanded && offersPayload(event.payload) ? (
        <td role="gridcell" className="payload-cell" data-testid="inline-payload">
          {payloadRowText(event.payload)}
        </td>
      ) : null}
    </tr>
  );
}

/** A non-protocol line's text spans every column after Line, and is never narrower than Parameters. */
const LINE_TEXT_STYLE = { flex: '1 0 0', minWidth: columnWidthCss('params') };

interface LineRowProps extends CommonProps {
  readonly item: LineItem;
  readonly columnCount: number;
}

export function NonProtocolRow({ item, columnCount, ...p }: LineRowProps) {
  const { line } = item;
  return (
    <tr
      ref={p.measure ?? undefined}
      data-index={p.virtualIndex}
      data-row-key={item.key}
      data-line={line.line}
      role="row"
      aria-rowindex={p.virtualIndex + 2}
      className="is-nonprotocol"
      style={rowStyle(p.start)}
    >
      <td role="gridcell" style={columnStyle('line')}>
        {line.line}
      </td>
      <td role="gridcell" aria-colspan={columnCount - 1} style={LINE_TEXT_STYLE}>
        [{NON_PROTOCOL_REASON[line.reason]}] {line.note ? `${line.note}: ` : ''}
        {line.text}
      </td>
    </tr>
  );
}
