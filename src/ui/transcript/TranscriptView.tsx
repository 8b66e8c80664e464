/**
 * "Follow stream" for one connection, like Wireshark's: that connection's conversation alone, client and
 * server lines told apart by arrow, words and tint, payloads inline. Virtualized, since one connection can
 * hold most of a large log. Clicking a line selects the event and opens its detail.
 *
 * For the keyboard and screen readers it is a listbox: one Tab stop (the scroll box itself) whose
 * aria-activedescendant names the selected line. Focus never moves onto the lines, so the virtualizer may drop
 * and re-create them as they scroll out and in without the focus getting lost with them (a roving tabindex on
 * virtual rows would need focus handed from element to element).
 */
import { useEffect, useId, useMemo, useRef } from 'react';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { toEventId, type ConnectionId, type EventId, type ParseResult } from '../../msnp/types';
import { directionArrow, directionLabel, formatTime, plural } from '../shared/format';
import { clockStepOf } from '../../state/durations';
import { ConnectionBadge } from '../timeline/columns';
import { useLetGoOnUserScroll } from '../shared/use-user-scroll';
import { ConnectionChooser } from '../shared/ConnectionChooser';
import { moveTarget, transcriptMoveFor } from './transcript-keys';

interface Props {
  readonly result: ParseResult;
  readonly connection: ConnectionId | null;
  readonly rows: Int32Array;
  readonly selected: EventId | null;
  /** The detail pane is shown: under 1200 px it takes the lower half of the height (app.css), so it changes what is in view. */
  readonly paneShown: boolean;
  readonly onConnection: (id: ConnectionId) => void;
  /** A click: selects and opens the details. */
  readonly onSelect: (id: EventId) => void;
  /** A key: selects, as the timeline's keys do (the details follow when open, and stay closed after Esc). */
  readonly onMove: (id: EventId) => void;
}

/** The lines' padding above the first and below the last, in px (see paddingStart below). */
const EDGE_PAD = 6;

export function TranscriptView({ result, connection, rows, selected, paneShown, onConnection, onSelect, onMove }: Props) {
  const current = connection ?? result.connections[0]?.id ?? null;
  const options = useMemo(
    () =>
      result.connections.map((c) => ({
        id: c.id,
        label: `${c.id} — ${c.kind}${c.protocol ? ` ${c.protocol}` : ''}${c.account === undefined ? '' : `, ${c.account}`}, ${plural(c.eventCount, 'message')}`,
        account: c.account?.toLowerCase() ?? null,
      })),
    [result.connections],
  );
  const conn = result.connections.find((c) => c.id === current);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 20,
    overscan: 10,
    // The space above the first line and below the last (app.css leaves it out of .transcript's padding): kept in
    // the virtualizer's offsets, so a line scrolled to the edge is not cut by it.
    paddingStart: EDGE_PAD,
    paddingEnd: EDGE_PAD,
  });
  useRevealSelected(virtualizer, scrollRef, rows, selected, paneShown);
  const idBase = useId();
  const optionId = (id: EventId): string => `${idBase}-line-${id}`;
  const items = virtualizer.getVirtualItems();
  // Only a rendered line can be the active descendant; scrolled away by hand, the listbox names none until a key.
  const activeRendered = selected !== null && items.some((v) => rows[v.index] === selected);
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>): void => {
    const move = transcriptMoveFor(e);
    if (move === null) return;
    const el = e.currentTarget;
    const target = moveTarget(move, {
      current: selected === null ? -1 : rows.indexOf(selected),
      count: rows.length,
      firstInView: virtualizer.getVirtualItemForOffset(el.scrollTop + EDGE_PAD)?.index ?? 0,
      pageFrom: (from, dir) => {
        // The selected line is rendered (it is kept in view); scrolled away by hand, the page starts from the view.
        const start = items.find((v) => v.index === from)?.start ?? el.scrollTop;
        const screen = Math.max(0, el.clientHeight - 2 * EDGE_PAD);
        return virtualizer.getVirtualItemForOffset(Math.max(0, start + dir * screen))?.index ?? from;
      },
    });
    // Handled here, so the window's shortcut handler (use-keyboard) leaves it alone: it walks the timeline's rows.
    e.preventDefault();
    const id = target === null ? undefined : rows[target];
    if (id !== undefined) onMove(toEventId(id));
  };
  return (
    <div className="workspace-main" data-testid="transcript">
      <div className="table-toolbar">
        <label>
          Connection{' '}
          <ConnectionChooser
            testId="transcript-connection"
            value={current ?? ''}
            anyLabel={null}
            options={options}
            onChange={(id) => {
              if (id === null) return;
              // An account typed into the box (a server's log) follows its first connection.
              const first = result.connections.find((c) => c.id !== id && c.account?.toLowerCase() === id);
              onConnection(first?.id ?? id);
            }}
          />
        </label>
        {conn ? (
          <span>
            <ConnectionBadge id={conn.id} /> {plural(rows.length, 'message')} on this connection (not affected by the
            filters)
          </span>
        ) : null}
      </div>
      <div
        ref={scrollRef}
        className="transcript"
        role="listbox"
        tabIndex={0}
        data-testid="transcript-lines"
        aria-label={`Transcript of ${current ?? 'no connection'}, ${plural(rows.length, 'message')}`}
        aria-activedescendant={activeRendered && selected !== null ? optionId(selected) : undefined}
        onKeyDown={onKeyDown}
      >
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const e = result.events[rows[v.index] ?? -1];
            if (e === undefined) return null;
            const cls = ['transcript-line', e.direction ?? '', e.error ? 'is-error' : ''].join(' ');
            return (
              <div
                key={e.id}
                ref={virtualizer.measureElement}
                id={optionId(e.id)}
                role="option"
                // Virtualized: the reader is told the line's place among all of them, not among those rendered.
                aria-posinset={v.index + 1}
                aria-setsize={rows.length}
                aria-selected={selected === e.id}
                data-index={v.index}
                data-event-id={e.id}
                className={cls}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
                onClick={() => onSelect(e.id)}
              >
                <span className="t-meta">
                  {e.time === null ? `line ${e.line}` : formatTime(e.time, clockStepOf(result))}
                </span>
                <span aria-hidden="true">{directionArrow(e.direction)}</span>
                <span className="visually-hidden">{directionLabel(e.direction)}: </span>
                <span>
                  {e.error ? <strong className="status-error">✖ error {e.error.code} {e.error.name}: </strong> : null}
                  {e.raw}
                  {e.payload && e.payload.text !== '' ? `\n${e.payload.text}` : ''}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** The least scroll that shows line `i` whole; the first line goes to the very top, its padding above it too (Home). */
function revealLine(virtualizer: Virtualizer<HTMLDivElement, Element>, i: number): void {
  if (i === 0) virtualizer.scrollToOffset(0);
  else virtualizer.scrollToIndex(i, { align: 'auto' });
}

/**
 * Scrolls the selected message into view when the selection changes (a click, a key, a sel= link) and when the
 * detail pane opens or closes, as the timeline does (Workspace). Only the scroll position moves: focus stays
 * where it is. `auto` scrolls only as far as needed, not at all when the line is already seen. Like the
 * timeline's scroll requests, the line is kept in view while the transcript's height changes (the pane below it,
 * the strip and the findings above it mount a moment after a link opens), until the user scrolls by hand.
 */
function useRevealSelected(
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  scrollRef: React.RefObject<HTMLDivElement | null>,
  rows: Int32Array,
  selected: EventId | null,
  paneShown: boolean,
): void {
  /** The index of the line to keep in view, until the user scrolls themselves. */
  const held = useRef<number | null>(null);
  useEffect(() => {
    if (selected === null) {
      held.current = null;
      return;
    }
    const i = rows.indexOf(selected);
    held.current = i >= 0 ? i : null;
    if (i >= 0) revealLine(virtualizer, i);
  }, [virtualizer, rows, selected, paneShown]);
  useLetGoOnUserScroll(scrollRef, held);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const resized = new ResizeObserver(() => {
      if (held.current !== null) revealLine(virtualizer, held.current);
    });
    resized.observe(el);
    return () => resized.disconnect();
  }, [virtualizer, scrollRef]);
}
