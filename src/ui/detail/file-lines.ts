/**
 * The event's lines as the file has them, for events whose text was changed to be read (a forum quote `> `,
 * `[email]` tags, HTML escapes). "Raw" shows the MSNP line as read; a user comparing it with the post needs to
 * see what was taken off. Other events are shown by Raw alone: there the difference is only the dialect's prefix.
 */
import type { EventFlag, LogEvent, ParseResult } from '../../msnp/types';

/** A long payload's lines are cut: the pane is for reading one message, and Raw and Hex already hold it all. */
export const FILE_LINES_MAX = 40;

export interface FileLines {
  readonly text: string;
  /** Lines shown, and lines the event spans. */
  readonly shown: number;
  readonly total: number;
}

const ALTERED: readonly EventFlag[] = ['markup-removed', 'html-escaped'];

export function fileLinesOf(result: Pick<ParseResult, 'tables'>, event: LogEvent): FileLines | null {
  const source = result.tables?.source;
  if (source === undefined || !event.flags.some((f) => ALTERED.includes(f))) return null;
  const total = event.endLine - event.line + 1;
  const shown = Math.min(total, FILE_LINES_MAX);
  const first = event.line - 1;
  if (first < 0 || first + shown > source.count) return null;
  return { text: source.span(first, first + shown - 1), shown, total };
}
