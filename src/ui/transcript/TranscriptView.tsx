/**
 * "Follow stream" for one connection, like Wireshark's: that connection's conversation alone, client and
 * server lines told apart by arrow, words and tint, payloads inline. Virtualized, since one connection can
 * hold most of a large log. Clicking a line selects the event and opens its detail.
 */
import { useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ConnectionId, EventId, ParseResult } from '../../msnp/types';
import { directionArrow, directionLabel, formatTime, plural } from '../shared/format';
import { clockStepOf } from '../../state/durations';
import { ConnectionBadge } from '../timeline/columns';
import { ConnectionChooser } from '../shared/ConnectionChooser';

interface Props {
  readonly result: ParseResult;
  readonly connection: ConnectionId | null;
  readonly rows: Int32Array;
  readonly selected: EventId | null;
  readonly onConnection: (id: ConnectionId) => void;
  readonly onSelect: (id: EventId) => void;
}

export function TranscriptView({ result, connection, rows, selected, onConnection, onSelect }: Props) {
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
  });
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
      <div ref={scrollRef} className="transcript" role="log" aria-label={`Transcript of ${current ?? 'no connection'}`}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const e = result.events[rows[v.index] ?? -1];
            if (e === undefined) return null;
            const cls = ['transcript-line', e.direction ?? '', e.error ? 'is-error' : ''].join(' ');
            return (
              <div
                key={e.id}
                ref={virtualizer.measureElement}
                data-index={v.index}
                className={cls}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
                aria-current={selected === e.id}
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
