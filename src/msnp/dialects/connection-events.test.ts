import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../parse-log';

const ROOT = join(__dirname, '../../../fixtures/msnp');
const parse = (path: string) => parseLog(new Uint8Array(readFileSync(join(ROOT, path))), {});

describe('connection events start connections', () => {
  it('aMSN: every proxy retry (`::Proxy::ProxyHTTPn`, with or without `< Connected to: … >`) is its own connection, without after-close warnings', () => {
    const r = parse('amsn/real-28-ubuntuforums-amsn-msnp12-reconnect-loop-twn-hang.log');
    const outs = r.events.filter((e) => e.command === 'OUT' && e.direction === 'client' && e.line < 97);
    // 19 retries before `->ns-sock8`; one of them (ProxyHTTP13) has no connect line: the proxy line opens it
    expect(outs).toHaveLength(19);
    expect(new Set(outs.map((e) => e.connection)).size).toBe(19);
    const retry13 = outs.find((e) => e.time === (20 * 3600 + 30 * 60 + 22) * 1000);
    expect(r.events.filter((e) => e.connection === retry13?.connection).map((e) => e.line)).toEqual([retry13?.line]);
    expect(r.diagnostics.filter((d) => d.kind === 'after-close')).toEqual([]);
    expect(r.connections.filter((c) => c.inferredFrom === 'connection-event').length).toBeGreaterThanOrEqual(28);
  });

  it('papyon: `<-> Connecting to …` opens the first connection', () => {
    const r = parse('papyon/real-11-emesene510-papyon-msnp18-sso-xfr-ns.log');
    expect(r.connections[0]?.inferredFrom).toBe('connection-event');
    expect(r.nonProtocol.some((l) => l.reason === 'connection-event' && l.text.includes('<-> Connecting to'))).toBe(true);
  });

  it("papyon: the OUT after `Leaving switchboard <id>` goes to that switchboard session, a separate one when it is not the current switchboard's", () => {
    const r = parse('findings/papyon-leave-other-switchboard.log');
    const connOfLine = (line: number) => r.events.find((e) => e.line === line)?.connection;
    // Lines 5-7: SB1, session 111.222.333 (its USR); line 10: OUT 7 after "Leaving switchboard 444.555.666".
    expect(connOfLine(5)).toBe('SB1');
    expect(connOfLine(7)).toBe('SB1');
    expect(connOfLine(10)).toBe('SB2');
    expect(r.connections.find((c) => c.id === 'SB2')).toMatchObject({ kind: 'SB', eventCount: 1, inferredFrom: 'session-note' });
    // Line 12: OUT 2 after "Leaving switchboard 111.222.333" leaves SB1 itself.
    expect(connOfLine(12)).toBe('SB1');
    expect(r.diagnostics.filter((d) => d.kind === 'after-close')).toEqual([]);
  });

  it('Miranda: "Connected with handle" is a connection event, not noise', () => {
    const r = parse('miranda/real-14-mirandang890-netlog-msnp24-cnt-wrapped.log');
    expect(r.nonProtocol.find((l) => l.text.includes('Connected with handle'))?.reason).toBe('connection-event');
  });
});
