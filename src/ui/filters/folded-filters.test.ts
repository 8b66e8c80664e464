import { describe, expect, it } from 'vitest';
import { toConnectionId } from '../../msnp/types';
import { foldButtonText, foldedFilterCount } from './folded-filters';

const none = { err: [], codes: [], cmds: [], conns: [], dir: null, errorsOnly: false, unansweredOnly: false, nonProtocol: false } as const;

describe('folded filters', () => {
  it('counts nothing when every folded control is at its default', () => {
    expect(foldedFilterCount(none)).toBe(0);
    expect(foldButtonText(0, false)).toBe('More filters');
    expect(foldButtonText(0, true)).toBe('Fewer filters');
  });

  it('counts each chip, code, command and connection, and each toggle that is on', () => {
    expect(foldedFilterCount({ ...none, err: ['8xx', '9xx'], codes: [800], cmds: ['CAL'], conns: [toConnectionId('NS1')] })).toBe(5);
    expect(foldedFilterCount({ ...none, dir: 'client', errorsOnly: true, unansweredOnly: true, nonProtocol: true })).toBe(4);
    expect(foldButtonText(3, false)).toBe('More filters (3 on)');
  });
});
