/**
 * In a short window the filter rows under the search box fold away behind one button (app.css). The button says
 * how many of the folded controls are on, so a filter narrowing the table is never out of sight unmentioned.
 */
import type { UrlState } from '../../state/url/url-state';

type FoldedView = Pick<UrlState, 'err' | 'codes' | 'cmds' | 'conns' | 'dir' | 'errorsOnly' | 'unansweredOnly' | 'nonProtocol'>;

/** How many choices in the folded rows differ from their defaults: each chip, code, command, connection, toggle. */
export function foldedFilterCount(view: FoldedView): number {
  const toggles = [view.dir !== null, view.errorsOnly, view.unansweredOnly, view.nonProtocol].filter(Boolean).length;
  return view.err.length + view.codes.length + view.cmds.length + view.conns.length + toggles;
}

/** The fold button's words: `More filters`, or `More filters (2 on)` when some folded control narrows the table. */
export function foldButtonText(count: number, open: boolean): string {
  const base = open ? 'Fewer filters' : 'More filters';
  return count === 0 ? base : `${base} (${count} on)`;
}
