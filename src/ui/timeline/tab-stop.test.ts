import { describe, expect, it } from 'vitest';
import type { NonProtocolLine } from '../../msnp/types';
import { parseFindingsFixture } from '../../test-utils/findings-fixtures';
import { describeStatus } from '../../state/selectors';
import { tabStopKey } from './tab-stop';
import type { TimelineItem } from './timeline-item';

const result = parseFindingsFixture('seed-713-cal.log');

function eventItem(index: number): TimelineItem {
  const event = result.events[index];
  if (event === undefined) throw new Error(`no event ${index}`);
  return { kind: 'event', key: `e${event.id}`, index, event, prevTime: null, clockStep: 'ms', status: describeStatus(result, event), account: null };
}

function lineItem(index: number, k: number): TimelineItem {
  const line: NonProtocolLine = { line: index + 1, text: 'note', reason: 'noise' };
  return { kind: 'line', key: `l${k}`, index, line };
}

describe('the timeline grid has one Tab stop', () => {
  const window = [eventItem(0), eventItem(1), eventItem(2), eventItem(3)];

  it('is the first row in view when nothing is selected, so Tab from the headers enters the table', () => {
    expect(tabStopKey(window, null, 0)).toBe('e0');
    // Rows above the view (overscan) are rendered but not where the reader is.
    expect(tabStopKey(window, null, 2)).toBe('e2');
  });

  it('is the selected row when it is rendered, and the first row in view when it scrolled away', () => {
    expect(tabStopKey(window, 'e3', 0)).toBe('e3');
    expect(tabStopKey(window, 'e40', 1)).toBe('e1');
  });

  it('skips non-protocol lines, and is none in an empty table', () => {
    expect(tabStopKey([lineItem(0, 0), eventItem(1)], null, 0)).toBe('e1');
    expect(tabStopKey([lineItem(0, 0)], null, 0)).toBeNull();
    expect(tabStopKey([], null, 0)).toBeNull();
  });
});
