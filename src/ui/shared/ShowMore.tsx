/**
 * "Show 200 more (1,250 of 1,450 not listed yet)": the one way a long list grows in this app (findings, rolled
 * findings, accounts). Lists are drawn a page at a time because a server's log can hold tens of thousands of
 * entries; this says how many are still left out. Nothing when none are.
 */
import { formatCount } from './format';

interface Props {
  /** Entries not listed yet, and in all. */
  readonly hidden: number;
  readonly total: number;
  /** How many a click adds. */
  readonly step: number;
  readonly testId: string;
  readonly className?: string;
  readonly onMore: () => void;
}

export function ShowMore({ hidden, total, step, testId, className, onMore }: Props) {
  if (hidden <= 0) return null;
  return (
    <button type="button" className={className === undefined ? 'link' : `link ${className}`} data-testid={testId} onClick={onMore}>
      Show {formatCount(Math.min(step, hidden))} more ({formatCount(hidden)} of {formatCount(total)} not listed yet)
    </button>
  );
}
