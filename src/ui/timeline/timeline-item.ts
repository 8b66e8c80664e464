/**
 * What one table row shows: a protocol event (with the facts the cells need precomputed) or a non-protocol line.
 * Items are built only for the rows in the virtual window, so their cost never scales with the log.
 */
import type { LogEvent, NonProtocolLine } from '../../msnp/types';
import type { RowStatus } from '../../state/selectors';
import type { ClockStep } from '../../state/durations';

export type TimelineItem =
  | {
      readonly kind: 'event';
      /** Stable row key: `e<EventId>`; survives filtering. */
      readonly key: string;
      /** Position in the filtered row list (0-based). */
      readonly index: number;
      readonly event: LogEvent;
      /** Time of the previous timed event in the log, for the Δ column. */
      readonly prevTime: number | null;
      /** How finely the log's clock counts, so the Δ column does not claim milliseconds it does not have. */
      readonly clockStep: ClockStep;
      readonly status: RowStatus;
      /** The account of the row's connection, on a log that names several (Connection.account), else null. */
      readonly account: string | null;
    }
  | {
      readonly kind: 'line';
      readonly key: string;
      readonly index: number;
      readonly line: NonProtocolLine;
    };
