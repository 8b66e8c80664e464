import { describe, expect, it } from 'vitest';
import { CLOSED, CLOSED_BY_ERROR, ConnectionDrafts, REDIRECTED, VERSION_REFUSED } from './connection-drafts';

describe('ConnectionDrafts', () => {
  it('keeps every row past its columns growing, and numbers ids per kind in order of appearance', () => {
    const d = new ConnectionDrafts();
    const kinds = ['NS', 'SB', 'SB', 'DS', 'unknown'] as const;
    for (let k = 0; k < 1000; k++) {
      const c = d.add(kinds[k % kinds.length] ?? 'SB', k % 2 === 0 ? `SB ${k}` : null, k % 3 === 0 ? 'sb-auth' : 'log', k * 2);
      d.joined(c, k * 2 + 1);
      if (k % 7 === 0) d.joined(c, k * 2 + 5);
    }
    const out = d.toConnections();
    expect(out).toHaveLength(1000);
    expect(out[0]).toEqual({ id: 'NS1', kind: 'NS', sourceName: 'SB 0', protocol: null, protocolVersion: null, firstEvent: 0, lastEvent: 5, eventCount: 2, inferredFrom: 'sb-auth' });
    expect(out[999]).toMatchObject({ id: 'C200', kind: 'unknown', sourceName: null, firstEvent: 1998, lastEvent: 1999, eventCount: 1, inferredFrom: 'sb-auth' });
    expect(out[998]).toMatchObject({ id: 'DS200', sourceName: 'SB 998', inferredFrom: 'log' });
    expect(out.filter((c) => c.kind === 'SB').map((c) => c.id).slice(-2)).toEqual(['SB399', 'SB400']);
  });

  it('sets and clears flags independently, and says versionRefused only when it is so', () => {
    const d = new ConnectionDrafts();
    const a = d.add('NS', null, 'first', 0);
    const b = d.add('NS', null, 'xfr-ns', 1);
    d.mark(a, CLOSED | CLOSED_BY_ERROR);
    d.mark(b, REDIRECTED);
    expect([d.is(a, CLOSED), d.is(a, CLOSED_BY_ERROR), d.is(a, REDIRECTED), d.is(b, REDIRECTED), d.is(b, CLOSED)]).toEqual([true, true, false, true, false]);
    d.mark(a, VERSION_REFUSED, CLOSED_BY_ERROR);
    expect([d.is(a, CLOSED), d.is(a, CLOSED_BY_ERROR), d.is(a, VERSION_REFUSED)]).toEqual([true, false, true]);
    d.mark(a, 0, CLOSED);
    expect(d.is(a, CLOSED)).toBe(false);
    const [ca, cb] = d.toConnections();
    expect(ca?.versionRefused).toBe(true);
    expect(cb !== undefined && 'versionRefused' in cb).toBe(false);
  });

  it('holds TrIds up to 2^32 − 1 exactly, and widens a range only outwards', () => {
    const d = new ConnectionDrafts();
    const c = d.add('SB', null, 'sb-auth', 0);
    expect([d.minTrId(c), d.maxTrId(c), d.lastClientTrId(c)]).toEqual([-1, -1, -1]);
    d.noteTrId(c, 7);
    d.noteTrId(c, 4294967295);
    d.noteTrId(c, 3);
    d.noteTrId(c, 12);
    d.setLastClientTrId(c, 4294967294);
    expect([d.minTrId(c), d.maxTrId(c), d.lastClientTrId(c)]).toEqual([3, 4294967295, 4294967294]);
  });

  it('keeps protocol, session and held lines per connection, and drops the held lines it is told to', () => {
    const d = new ConnectionDrafts();
    const a = d.add('NS', null, 'first', 0);
    const b = d.add('SB', null, 'session-note', 1);
    d.setProtocol(a, 'MSNP15', 15);
    d.setSession(b, '42');
    d.hold(a, 5);
    d.hold(b, 6);
    d.hold(a, 9);
    expect([d.versionOf(a), d.versionOf(b), d.session(a), d.session(b)]).toEqual([15, null, null, '42']);
    expect(d.allHeld().sort((x, y) => x - y)).toEqual([5, 6, 9]);
    d.dropHeld(a);
    expect(d.allHeld()).toEqual([6]);
    expect(d.toConnections().map((c) => [c.protocol, c.protocolVersion])).toEqual([['MSNP15', 15], [null, null]]);
  });

  it('reads version 0 as a version, not as none', () => {
    const d = new ConnectionDrafts();
    const c = d.add('NS', null, 'first', 0);
    d.setProtocol(c, 'MSNP0', 0);
    expect(d.versionOf(c)).toBe(0);
  });
});
