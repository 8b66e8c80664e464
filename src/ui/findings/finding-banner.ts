/**
 * The words of the banner over a timeline filtered to a finding's evidence. Its counts are the rows on screen,
 * which pass every filter: with a query or a chip on as well, "only the evidence of X (10 of 119 messages)"
 * under a finding listed with 20 messages read as if the finding had 10, and "Clear the finding filter: show all
 * 119 messages" promised rows that the other filters keep hidden.
 */
import { formatCount, plural } from '../shared/format';

export interface FindingBannerWords {
  /** Before the finding's title. */
  readonly lead: string;
  /** After the title: the counts. */
  readonly tail: string;
  /** The clear button. */
  readonly clear: string;
}

export function findingBannerWords(shown: number, total: number, otherFilters: boolean): FindingBannerWords {
  const counts = ` (${formatCount(shown)} of ${plural(total, 'message')})`;
  if (otherFilters) {
    return {
      lead: 'The timeline shows the evidence of',
      tail: ` that the other filters also let through${counts}.`,
      clear: 'Clear the finding filter (the other filters stay)',
    };
  }
  // "show all 5 messages", but "show the 1 message": "all" of one reads wrong.
  const all = total === 1 ? 'show the 1 message' : `show all ${plural(total, 'message')}`;
  return { lead: 'The timeline shows only the evidence of', tail: `${counts}.`, clear: `Clear the finding filter: ${all}` };
}
