/**
 * Which timeline row Tab reaches. A grid has one Tab stop and arrow keys inside it (roving tabindex): the
 * selected row when it is rendered, else the first message row in view, so Tab from the column headers always
 * lands in the table. Non-protocol lines are not a stop: the keys move between messages only.
 */
import type { TimelineItem } from './timeline-item';

export function tabStopKey(windowItems: readonly TimelineItem[], selectedKey: string | null, firstVisible: number): string | null {
  if (selectedKey !== null && windowItems.some((it) => it.key === selectedKey)) return selectedKey;
  const inView = windowItems.find((it) => it.kind === 'event' && it.index >= firstVisible);
  return (inView ?? windowItems.find((it) => it.kind === 'event'))?.key ?? null;
}
