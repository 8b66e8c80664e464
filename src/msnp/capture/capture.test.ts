import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLineCoverage } from '../coverage';
import { dump } from '../dump';
import { parseLog } from '../parse-log';
import type { ParseProgress, ParseResult } from '../types';
import { captureFormatOf, readCaptureFile } from './capture-file';
import { MSG_HOTMAIL, MSG_TEXT, SCENARIO_CONNECTIONS, scenarioSteps, utf8Bytes } from './capture-scenario';
import { captureToText } from './index';
import { writeCapture, type WireStep } from './write-capture';

const scenario = (format: 'pcap' | 'pcapng', damage: Parameters<typeof scenarioSteps>[0] = {}, linkType: 1 | 113 = 1, bigEndian = false): Uint8Array =>
  writeCapture(SCENARIO_CONNECTIONS, scenarioSteps(damage), { format, linkType, bigEndian });

/** The events as the rest of the app sees them, without line numbers (damage moves lines). */
const eventsOf = (r: ParseResult): string[] =>
  r.events.map((e) => `${e.connection} ${e.direction ?? '-'} ${e.command} ${e.trId ?? '-'} ${e.params.join(' ')} ${e.payload === null ? '' : `${e.payload.visibility}:${e.payload.shownBytes ?? '-'}/${e.payload.declaredBytes}`} ${e.time ?? ''}`);

describe('a packet capture', () => {
  const bytes = scenario('pcap');
  const result = parseLog(bytes, { fileName: 'signin.pcap' });

  it('is read as the capture dialect, saying what the file held', () => {
    expect(result.detection.dialect).toBe('capture');
    expect(result.input.capture).toEqual({ format: 'pcap', fileBytes: bytes.length, packets: 48, msnpConnections: 3, gatewaySessions: 0, otherConnections: 1, otherPackets: 1, damage: null });
    expect(result.detection.reason).toContain('48 packets, 3 MSNP connections');
    expect(parseLog(bytes, { dialect: 'libpurple' }).detection.reason).toMatch(/\(the format asked for, libpurple, does not apply to a capture\)$/);
  });

  it('gives each TCP connection its kind: the dispatch server, the notification server, the switchboard', () => {
    expect(result.connections.map((c) => `${c.id} ${c.sourceName ?? ''} ${c.protocol ?? '-'}`)).toEqual(['DS1 tcp1 MSNP8', 'NS1 tcp2 MSNP8', 'SB1 tcp3 -']);
  });

  it('frames payloads by their declared length, CRLFs inside them included, and checks them exactly', () => {
    const msgs = result.events.filter((e) => e.command === 'MSG');
    expect(msgs.map((e) => [e.payload?.declaredBytes, e.payload?.visibility, e.payload?.shownBytes])).toEqual([
      [utf8Bytes(MSG_HOTMAIL), 'full', utf8Bytes(MSG_HOTMAIL)],
      [utf8Bytes(MSG_TEXT), 'full', utf8Bytes(MSG_TEXT)],
      // The P2P message has NUL bytes: its length is framed, its MIME head shown and the binary rest summed up.
      [251, 'summary', null],
    ]);
    expect(result.diagnostics.filter((d) => d.kind === 'payload-length-mismatch')).toEqual([]);
  });

  it("sums up a P2P message's binary part: its header read, and the SLP request it carries", () => {
    const p2p = result.events.find((e) => e.command === 'MSG' && e.payload?.visibility === 'summary');
    const lines = p2p?.payload?.text.split('\r\n') ?? [];
    expect(lines.slice(0, 4)).toEqual(['MIME-Version: 1.0', 'Content-Type: application/x-msnmsgrp2p', 'P2P-Dest: bob@example.com', '']);
    expect(lines[4]).toBe('[binary part not shown: 163 bytes; P2P session 0, message 42, bytes 0-111 of 111, flags 0x00, footer 0; SLP: INVITE MSNMSGR:bob@example.com MSNSLP/1.0]');
    // The summary is the payload's last line: the ACK after it is read as the next message.
    expect(p2p?.payload?.lastLine).toBe((p2p?.line ?? 0) + 5);
    expect(result.events[(p2p?.id ?? 0) + 1]?.command).toBe('ACK');
  });

  it('pairs replies across connections read in capture order, with times from the packets', () => {
    const cal = result.events.find((e) => e.command === '713');
    expect(cal?.replyTo).toBeDefined();
    expect(result.events[cal?.replyTo ?? -1]?.params).toEqual(['carol@example.com']);
    expect(result.hasTimes).toBe(true);
    const ver = result.events[0];
    expect(ver?.time).toBe((18 * 3600 + 30 * 60) * 1000);
    expect(result.events.find((e) => e.command === 'QNG')?.time).toBe((18 * 3600 + 30 * 60 + 6) * 1000 + 100);
  });

  it('keeps the connection openings and closings as connection events, and every line once', () => {
    const events = result.nonProtocol.filter((l) => l.reason === 'connection-event').map((l) => l.text.replace(/^\S+ /, ''));
    expect(events).toEqual([
      'DS tcp1 connect 192.168.1.20:50101 -> 207.46.104.20:1863',
      'DS tcp1 closed by the server (FIN)',
      'NS tcp2 connect 192.168.1.20:50102 -> 207.46.106.118:1863',
      'SB tcp3 connect 192.168.1.20:50104 -> 207.46.108.37:1863',
      'SB tcp3 closed by the client (FIN)',
    ]);
    expect(checkLineCoverage(result)).toEqual({ missing: [], duplicated: [] });
  });

  it('dumps readably', () => {
    expect(dump(result)).toMatchSnapshot();
  });

  it('reads the same from pcapng, a big-endian pcap, Linux cooked frames, and segments cut small, sent twice and reordered', () => {
    const base = eventsOf(result);
    expect(eventsOf(parseLog(scenario('pcapng'), {}))).toEqual(base);
    expect(eventsOf(parseLog(scenario('pcap', {}, 1, true), {}))).toEqual(base);
    expect(eventsOf(parseLog(scenario('pcapng', {}, 113), {}))).toEqual(base);
    const small = parseLog(scenario('pcap', { tinySegments: true }), {});
    expect(small.input.capture?.packets).toBeGreaterThan(100);
    expect(eventsOf(small)).toEqual(base);
  });

  it('reads its own text the same way, as a shared report does', () => {
    const text = captureToText(bytes)?.text ?? new Uint8Array(0);
    const again = parseLog(text, {});
    expect(again.detection.dialect).toBe('capture');
    expect(again.input.capture).toBeUndefined();
    expect(eventsOf(again)).toEqual(eventsOf(result));
  });
});

describe('a damaged capture', () => {
  it('marks bytes the capture lost, and the commands after them are read as usual', () => {
    const r = parseLog(scenario('pcap', { lose: true }), {});
    const gap = r.nonProtocol.find((l) => l.reason === 'unreadable');
    expect(gap?.note).toBe('tcp3: 40 bytes from the client are not in the capture, inside this payload; its 82 bytes after the gap are not shown');
    const msg3 = r.events.find((e) => e.command === 'MSG' && e.trId === 3);
    expect(msg3?.payload?.visibility).toBe('partial');
    expect(r.events.filter((e) => e.connection === 'SB1').map((e) => e.command)).toEqual(['USR', 'USR', 'CAL', 'CAL', 'JOI', 'MSG', 'ACK', 'MSG', 'ACK', 'CAL', '713', 'OUT']);
    expect(checkLineCoverage(r)).toEqual({ missing: [], duplicated: [] });
  });

  it('skips to the next command when a gap falls between messages', () => {
    const conns = [SCENARIO_CONNECTIONS[0] ?? SCENARIO_CONNECTIONS[1]!];
    const steps: WireStep[] = [
      { kind: 'send', conn: 0, from: 'client', time: 1000, data: 'VER 1 MSNP8 CVR0\r\nCVR 2 0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS alice@example.com\r\nUSR 3 TWN I alice@example.com\r\n', segment: 30, lose: [1] },
      { kind: 'send', conn: 0, from: 'server', time: 1100, data: 'VER 1 MSNP8 CVR0\r\n' },
    ];
    const r = parseLog(writeCapture(conns, steps, { format: 'pcap' }), {});
    expect(r.nonProtocol.find((l) => l.reason === 'unreadable')?.note).toMatch(/^tcp1: 30 bytes from the client are not in the capture; \d+ bytes after them skipped to the next command$/);
    // The CVR line the gap cuts is read as far as it goes; the gap line after it says what is missing.
    expect(r.events.map((e) => `${e.direction} ${e.command} ${e.params.length}`)).toEqual(['client VER 2', 'client CVR 1', 'client USR 3', 'server VER 2']);
  });

  it('keeps a chat message that reads like a summary line as text: only the count the payload lacks ends it', () => {
    const conns = [SCENARIO_CONNECTIONS[2]!];
    const body = 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n[binary part not shown: 3 bytes]\r\nsee?';
    const steps: WireStep[] = [
      { kind: 'send', conn: 0, from: 'client', time: 1000, data: `MSG 4 N ${utf8Bytes(body)}\r\n${body}` },
      { kind: 'send', conn: 0, from: 'client', time: 1100, data: 'OUT\r\n' },
    ];
    const r = parseLog(writeCapture(conns, steps, { format: 'pcap' }), {});
    const msg = r.events.find((e) => e.command === 'MSG');
    expect([msg?.payload?.visibility, msg?.payload?.shownBytes]).toEqual(['full', utf8Bytes(body)]);
    expect(msg?.payload?.text.split('\r\n').at(-1)).toBe('see?');
    expect(r.events.map((e) => e.command)).toEqual(['MSG', 'OUT']);
    expect(r.diagnostics.filter((d) => d.kind === 'payload-length-mismatch')).toEqual([]);
  });

  it('says where a cut-off file ends, and keeps what came before', () => {
    const whole = scenario('pcap');
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const r = parseLog(cut, { fileName: 'cut.pcap' });
    expect(r.input.capture?.damage).toMatch(/^the file ends inside (the header of )?packet \d+/);
    expect(r.nonProtocol[0]?.text).toContain(r.input.capture?.damage ?? '?');
    expect(r.events.length).toBeGreaterThan(10);
    const ng = scenario('pcapng');
    expect(parseLog(ng.subarray(0, ng.length - 30), {}).input.capture?.damage).toMatch(/^the file ends inside a block at byte \d+/);
  });

  it('reads a capture that starts after the connection opened, on the MSNP port', () => {
    const conns = [{ ...SCENARIO_CONNECTIONS[1]!, handshake: false }];
    const steps: WireStep[] = [
      { kind: 'send', conn: 0, from: 'server', time: 5000, data: 'CHL 0 15570131571988941333\r\n' },
      { kind: 'send', conn: 0, from: 'client', time: 5100, data: 'QRY 11 msmsgs@msnmsgr.com 32\r\n8f2f5a91b72102cd28355e9fc9000d6e' },
      { kind: 'send', conn: 0, from: 'server', time: 5200, data: 'QRY 11\r\n' },
    ];
    const r = parseLog(writeCapture(conns, steps, { format: 'pcap' }), {});
    expect(r.nonProtocol.find((l) => l.reason === 'connection-event')?.text).toContain('already open 192.168.1.20:50102 -> 207.46.106.118:1863');
    expect(r.events.map((e) => `${e.direction} ${e.command} ${e.payload?.visibility ?? ''}`)).toEqual(['server CHL ', 'client QRY full', 'server QRY ']);
  });

  it('reads a switchboard on another port that a notification server named, even when it starts mid-payload', () => {
    const conns = [SCENARIO_CONNECTIONS[1]!, { client: { address: '192.168.1.20', port: 50400 }, server: { address: '207.46.108.99', port: 7001 }, handshake: false }];
    const steps: WireStep[] = [
      { kind: 'send', conn: 0, from: 'client', time: 1000, data: 'XFR 10 SB\r\n' },
      { kind: 'send', conn: 0, from: 'server', time: 1100, data: 'XFR 10 SB 207.46.108.99:7001 CKI 1.2.3\r\n' },
      // The capture joins the switchboard in the middle of a message body.
      { kind: 'send', conn: 1, from: 'client', time: 1200, data: 'there?\r\nMSG 6 N 3\r\nyo!' },
      { kind: 'send', conn: 1, from: 'server', time: 1300, data: 'ACK 6\r\n' },
    ];
    const r = parseLog(writeCapture(conns, steps, { format: 'pcap' }), {});
    expect(r.input.capture).toMatchObject({ msnpConnections: 2, otherConnections: 0 });
    expect(r.events.filter((e) => e.connection !== 'NS1').map((e) => `${e.connection} ${e.direction} ${e.command}`)).toEqual(['SB1 client MSG', 'SB1 server ACK']);
    expect(r.nonProtocol.find((l) => l.reason === 'unreadable')?.text).toContain('SB tcp2 >>> there?');
  });

  it('says who reset a connection, and reads a capture of the server’s side only', () => {
    const conns = [{ ...SCENARIO_CONNECTIONS[1]!, handshake: false }];
    const steps: WireStep[] = [
      { kind: 'send', conn: 0, from: 'server', time: 1000, data: 'NLN NLN bob@example.com Bob 268435492\r\n' },
      { kind: 'send', conn: 0, from: 'server', time: 1100, data: 'OUT OTH\r\n' },
      { kind: 'close', conn: 0, from: 'server', time: 1200, rst: true },
    ];
    const r = parseLog(writeCapture(conns, steps, { format: 'pcap' }), {});
    expect(r.events.map((e) => `${e.direction} ${e.command}`)).toEqual(['server NLN', 'server OUT']);
    expect(r.nonProtocol.filter((l) => l.reason === 'connection-event').map((l) => l.text.replace(/^\S+ /, ''))).toEqual([
      'NS tcp1 already open 192.168.1.20:50102 -> 207.46.106.118:1863 (the capture starts after it was opened)',
      'NS tcp1 reset by the server (RST)',
    ]);
  });

  it('reads IPv6, and a switchboard on another port by its first command', () => {
    const conns = [{ client: { address: '2001:db8:0:0:0:0:0:20', port: 50200 }, server: { address: '2001:db8:0:0:0:0:0:1', port: 2863 } }];
    const steps: WireStep[] = [
      { kind: 'send', conn: 0, from: 'client', time: 1000, data: 'ANS 1 alice@example.com 1056411141.26158 17342299\r\n' },
      { kind: 'send', conn: 0, from: 'server', time: 1100, data: 'IRO 1 1 1 bob@example.com Bob\r\nANS 1 OK\r\n' },
    ];
    const r = parseLog(writeCapture(conns, steps, { format: 'pcapng' }), {});
    expect(r.connections.map((c) => c.kind)).toEqual(['SB']);
    expect(r.nonProtocol.find((l) => l.reason === 'connection-event')?.text).toContain('[2001:db8::20]:50200 -> [2001:db8::1]:2863');
    expect(r.events.map((e) => e.command)).toEqual(['ANS', 'IRO', 'ANS']);
  });

  it('says so when a capture holds no MSNP at all', () => {
    const conns = [SCENARIO_CONNECTIONS[2]!];
    const steps: WireStep[] = [{ kind: 'send', conn: 0, from: 'client', time: 1000, data: 'GET / HTTP/1.1\r\nHost: example.com\r\n\r\n' }, { kind: 'udp', time: 1001 }];
    const r = parseLog(writeCapture(conns, steps, { format: 'pcap' }), { fileName: 'web.pcap' });
    expect(r.events).toEqual([]);
    expect(r.input.capture).toMatchObject({ msnpConnections: 0, otherConnections: 1, otherPackets: 1 });
    expect(r.diagnostics.find((d) => d.kind === 'no-protocol')?.message).toContain('0 MSNP connections');
  });

  it('never throws on a capture header followed by anything, and accounts for every line', () => {
    const headers = [scenario('pcap').subarray(0, 24), scenario('pcapng').subarray(0, 56)];
    fc.assert(
      fc.property(fc.constantFrom(...headers), fc.uint8Array({ maxLength: 600 }), (head, tail) => {
        const bytes = new Uint8Array(head.length + tail.length);
        bytes.set(head, 0);
        bytes.set(tail, head.length);
        const r = parseLog(bytes, {});
        expect(r.input.capture).toBeDefined();
        expect(checkLineCoverage(r)).toEqual({ missing: [], duplicated: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on real-looking frames with random contents', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ conn: fc.integer({ min: 0, max: 3 }), from: fc.constantFrom('client' as const, 'server' as const), data: fc.uint8Array({ minLength: 1, maxLength: 200 }), segment: fc.integer({ min: 1, max: 60 }) }), { maxLength: 12 }), (sends) => {
        const steps: WireStep[] = sends.map((s, k) => ({ kind: 'send', conn: s.conn, from: s.from, time: 1000 + k, data: s.data, segment: s.segment, swap: [0] }));
        const r = parseLog(writeCapture(SCENARIO_CONNECTIONS, steps, { format: 'pcapng' }), {});
        expect(checkLineCoverage(r)).toEqual({ missing: [], duplicated: [] });
      }),
      { numRuns: 200 },
    );
  });
});

describe('capture containers', () => {
  it('recognises pcap in both byte orders and pcapng, and nothing else', () => {
    expect(captureFormatOf(scenario('pcap'))).toBe('pcap');
    expect(captureFormatOf(scenario('pcap', {}, 1, true))).toBe('pcap');
    expect(captureFormatOf(scenario('pcapng'))).toBe('pcapng');
    expect(captureFormatOf(new TextEncoder().encode('>>> VER 1 MSNP8 CVR0\r\n'))).toBeNull();
    expect(readCaptureFile(new Uint8Array(8))).toBeNull();
  });

  it('reads obsolete and simple pcapng packet blocks (a simple block has no time)', () => {
    const enhanced = parseLog(scenario('pcapng'), {});
    const events = (r: ParseResult): string[] => r.events.map((e) => `${e.connection} ${e.command} ${e.trId ?? '-'} ${e.time === null ? 'no time' : 'time'}`);
    const obsolete = parseLog(writeCapture(SCENARIO_CONNECTIONS, scenarioSteps(), { format: 'pcapng', block: 2 }), {});
    expect(events(obsolete)).toEqual(events(enhanced));
    const simple = parseLog(writeCapture(SCENARIO_CONNECTIONS, scenarioSteps(), { format: 'pcapng', block: 3 }), {});
    expect(simple.hasTimes).toBe(false);
    expect(events(simple)).toEqual(events(enhanced).map((e) => e.replace(/ time$/, ' no time')));
  });

  it('takes pcapng times at the interface resolution', () => {
    const file = readCaptureFile(scenario('pcapng'));
    expect(file?.packets[0]?.time).toBe(Date.UTC(2009, 4, 1, 18, 30, 0) - 2);
    expect(file?.packets[0]?.linkType).toBe(1);
  });
});

describe('connection kinds in a capture that starts mid-session', () => {
  it('tells a switchboard from its traffic when its opening is not in the capture', () => {
    const conns = [{ ...SCENARIO_CONNECTIONS[3]!, handshake: false }, { ...SCENARIO_CONNECTIONS[1]!, handshake: false }];
    const steps: WireStep[] = [
      { kind: 'send', conn: 0, from: 'server', time: 1000, data: 'JOI bob@example.com Bob\r\n' },
      { kind: 'send', conn: 1, from: 'client', time: 1100, data: 'PNG\r\n' },
      { kind: 'send', conn: 1, from: 'server', time: 1200, data: 'QNG 45\r\n' },
    ];
    const r = parseLog(writeCapture(conns, steps, { format: 'pcap' }), {});
    expect(r.connections.map((c) => `${c.sourceName ?? ''} ${c.kind}`)).toEqual(['tcp1 SB', 'tcp2 NS']);
  });
});

describe('a capture shared as a report', () => {
  it('is redacted like any log: addresses, IPs, tickets and message text go, and the text still parses the same', async () => {
    const { redactLog } = await import('../redact');
    const { decodeBytes } = await import('../decode');
    const bytes = scenario('pcap');
    const result = parseLog(bytes, {});
    const text = decodeBytes(captureToText(bytes)?.text ?? new Uint8Array(0)).text;
    const redacted = redactLog(text, result).text;
    for (const secret of ['alice@example.com', 'bob@example.com', '192.168.1.20', '207.46.104.20', 't=53*1hAu8ADuD3TEwdXoOMi08sD', 'hello Bob']) expect(redacted).not.toContain(secret);
    const again = parseLog(new TextEncoder().encode(redacted), {});
    expect(again.detection.dialect).toBe('capture');
    expect(again.events.map((e) => `${e.connection} ${e.command} ${e.trId ?? '-'} ${e.payload?.visibility ?? ''}`)).toEqual(result.events.map((e) => `${e.connection} ${e.command} ${e.trId ?? '-'} ${e.payload?.visibility ?? ''}`));
    expect(again.diagnostics.filter((d) => d.kind === 'payload-length-mismatch')).toEqual([]);
  });
});

describe('the MSN HTTP gateway in a capture', () => {
  const post = (query: string, body: string): string =>
    `POST /gateway/gateway.dll?${query} HTTP/1.1\r\nAccept: */*\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: ${utf8Bytes(body)}\r\nUser-Agent: MSMSGS\r\nHost: gateway.messenger.hotmail.com\r\n\r\n${body}`;
  const reply = (session: string, body: string): string =>
    `HTTP/1.1 200 OK\r\nX-MSN-Messenger: ${session}\r\nContent-Type: application/x-msn-messenger\r\nContent-Length: ${utf8Bytes(body)}\r\n\r\n${body}`;
  const gw = { address: '207.46.110.18', port: 80 };
  const conns = [
    { client: { address: '192.168.1.20', port: 50300 }, server: gw },
    { client: { address: '192.168.1.20', port: 50301 }, server: gw },
    { client: { address: '192.168.1.20', port: 50302 }, server: gw },
  ];
  const hotmail = 'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\n\r\n';
  const steps: WireStep[] = [
    { kind: 'send', conn: 0, from: 'client', time: 1000, data: post('Action=open&Server=NS&IP=messenger.hotmail.com', 'VER 1 MSNP8 CVR0\r\n') },
    { kind: 'send', conn: 0, from: 'server', time: 1100, data: reply('SessionID=1500000000.1001; GW-IP=207.46.110.18', 'VER 1 MSNP8 CVR0\r\n') },
    { kind: 'send', conn: 0, from: 'client', time: 1200, data: post('SessionID=1500000000.1001', 'USR 2 TWN I alice@example.com\r\n') },
    { kind: 'send', conn: 0, from: 'server', time: 1300, data: reply('SessionID=1500000000.1002; GW-IP=207.46.110.18', 'USR 2 TWN S lc=1033,id=507\r\n') },
    { kind: 'close', conn: 0, from: 'server', time: 1350 },
    // The client goes on over a new TCP connection, and polls with an empty body.
    { kind: 'send', conn: 1, from: 'client', time: 1400, data: post('Action=poll&SessionID=1500000000.1002', '') },
    { kind: 'send', conn: 1, from: 'server', time: 1500, data: reply('SessionID=1500000000.1003; GW-IP=207.46.110.18', `USR 3 OK alice@example.com Alice 1 0\r\nMSG Hotmail Hotmail ${utf8Bytes(hotmail)}\r\n${hotmail}`) },
    { kind: 'send', conn: 2, from: 'client', time: 1600, data: post('Action=open&Server=SB&IP=207.46.108.37', 'USR 1 alice@example.com 17262740.1050826919.32308\r\n') },
    { kind: 'send', conn: 2, from: 'server', time: 1700, data: reply('SessionID=1500000777.1; GW-IP=207.46.110.18', '217 1\r\n') },
    { kind: 'send', conn: 2, from: 'client', time: 1800, data: post('SessionID=1500000777.1', 'OUT\r\n') },
    { kind: 'send', conn: 2, from: 'server', time: 1900, data: reply('SessionID=1500000777.2; GW-IP=207.46.110.18; Session=close', '') },
  ];
  const bytes = writeCapture(conns, steps, { format: 'pcap' });
  const r = parseLog(bytes, {});

  it('reads each gateway session as one connection, whatever TCP connections carry it', () => {
    expect(r.input.capture).toMatchObject({ msnpConnections: 2, gatewaySessions: 2, otherConnections: 0 });
    expect(r.connections.map((c) => `${c.id} ${c.sourceName ?? ''}`)).toEqual(['NS1 http1', 'SB1 http2']);
    expect(r.events.map((e) => `${e.connection} ${e.direction} ${e.command} ${e.trId ?? '-'}`)).toEqual([
      'NS1 client VER 1', 'NS1 server VER 1', 'NS1 client USR 2', 'NS1 server USR 2', 'NS1 server USR 3', 'NS1 server MSG -',
      'SB1 client USR 1', 'SB1 server 217 1', 'SB1 client OUT -',
    ]);
    expect(r.events.find((e) => e.command === 'MSG')?.payload).toMatchObject({ visibility: 'full', declaredBytes: utf8Bytes(hotmail) });
    expect(r.events.find((e) => e.command === '217')?.replyTo).toBe(6);
  });

  it('goes on after bytes the capture lost, and says how many HTTP messages were hit', () => {
    // The second request of the first TCP connection loses its middle (a segment of 60 bytes).
    const damaged = steps.map((s, k) => (k === 2 && s.kind === 'send' ? { ...s, segment: 60, lose: [1] } : s));
    const d = parseLog(writeCapture(conns, damaged, { format: 'pcap' }), {});
    expect(d.nonProtocol.find((l) => l.reason === 'unreadable')?.note).toBe('http1: 1 HTTP message of this session is cut short or missing in the capture');
    // The session goes on: the poll on the next TCP connection still finds it by SessionID.
    // The request's head is hit, so the request is lost; its response is kept, with the session's other traffic.
    expect(d.events.filter((e) => e.connection === 'NS1').map((e) => `${e.direction} ${e.command}`)).toEqual(['client VER', 'server VER', 'server USR', 'server USR', 'server MSG']);
    expect(d.events.filter((e) => e.connection === 'SB1')).toHaveLength(3);
    expect(checkLineCoverage(d)).toEqual({ missing: [], duplicated: [] });
  });

  it('never throws on gateway traffic cut, lost and reordered at random, and accounts for every line', () => {
    const body = fc.constantFrom('', 'VER 1 MSNP8 CVR0\r\n', 'MSG 5 N 3\r\nabc', 'QNG 40\r\n', 'USR 2 TWN I a@b.c\r\n', '\u0000\u0001binary');
    const query = fc.constantFrom('Action=open&Server=NS&IP=1.2.3.4', 'Action=open&Server=SB', 'SessionID=1.1', 'Action=poll&SessionID=1.2', 'SessionID=9.9');
    const header = fc.constantFrom('SessionID=1.1; GW-IP=5.6.7.8', 'SessionID=1.2', 'SessionID=1.2; Session=close', 'bogus');
    const exchange = fc.record({ conn: fc.integer({ min: 0, max: 2 }), q: query, up: body, h: header, down: body, segment: fc.integer({ min: 5, max: 80 }), lose: fc.array(fc.nat({ max: 4 }), { maxLength: 2 }), swap: fc.array(fc.nat({ max: 4 }), { maxLength: 2 }) });
    fc.assert(
      fc.property(fc.array(exchange, { maxLength: 8 }), (xs) => {
        const s: WireStep[] = xs.flatMap((x, k): WireStep[] => [
          { kind: 'send', conn: x.conn, from: 'client', time: 1000 + k * 10, data: post(x.q, x.up), segment: x.segment, lose: x.lose, swap: x.swap },
          { kind: 'send', conn: x.conn, from: 'server', time: 1005 + k * 10, data: reply(x.h, x.down), segment: x.segment, lose: x.lose },
        ]);
        const parsed = parseLog(writeCapture(conns, s, { format: 'pcap' }), {});
        expect(checkLineCoverage(parsed)).toEqual({ missing: [], duplicated: [] });
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a session the capture joined late as one, when its SessionID does not change', () => {
    const late: WireStep[] = [
      { kind: 'send', conn: 1, from: 'client', time: 1000, data: post('SessionID=7.7', 'PNG\r\n') },
      { kind: 'send', conn: 1, from: 'server', time: 1100, data: reply('SessionID=7.7; GW-IP=207.46.110.18', 'QNG 50\r\n') },
      { kind: 'send', conn: 1, from: 'client', time: 1200, data: post('SessionID=7.7', 'CHG 12 NLN 0\r\n') },
      { kind: 'send', conn: 1, from: 'server', time: 1300, data: reply('SessionID=7.7; GW-IP=207.46.110.18', 'CHG 12 NLN 0\r\n') },
    ];
    const l = parseLog(writeCapture(conns, late, { format: 'pcap' }), {});
    expect(l.input.capture).toMatchObject({ gatewaySessions: 1 });
    expect(l.events.map((e) => `${e.connection} ${e.command}`)).toEqual(['NS1 PNG', 'NS1 QNG', 'NS1 CHG', 'NS1 CHG']);
    expect(l.nonProtocol.find((x) => x.reason === 'connection-event')?.text).toContain('NS http1 already open through the HTTP gateway');
  });

  it('says where each session opened and closed', () => {
    expect(r.nonProtocol.filter((l) => l.reason === 'connection-event').map((l) => l.text.replace(/^\S+ /, ''))).toEqual([
      'NS http1 open through the HTTP gateway 207.46.110.18:80 to messenger.hotmail.com (from 192.168.1.20:50300)',
      'SB http2 open through the HTTP gateway 207.46.110.18:80 to 207.46.108.37 (from 192.168.1.20:50302)',
      'SB http2 closed by the gateway (Session=close)',
    ]);
    expect(r.nonProtocol[0]?.text).toContain('2 MSNP connections (2 through the HTTP gateway)');
    expect(checkLineCoverage(r)).toEqual({ missing: [], duplicated: [] });
  });
});

describe('progress on a capture', () => {
  it('is told in the capture file’s bytes, never goes back, and ends at the file’s size', () => {
    // About 3 MB of capture: progress comes about every megabyte of packets read, then from the text.
    const one = writeCapture(SCENARIO_CONNECTIONS, scenarioSteps(), { format: 'pcapng' });
    const conns = [];
    const steps: WireStep[] = [];
    for (let k = 0; k < Math.ceil((3 << 20) / one.length); k++) {
      for (const c of SCENARIO_CONNECTIONS) conns.push({ ...c, client: { address: `10.1.${k >> 8}.${k & 255}`, port: c.client.port } });
      for (const s of scenarioSteps()) steps.push(s.kind === 'udp' ? { ...s, time: s.time + k * 10_000 } : { ...s, conn: s.conn + 4 * k, time: s.time + k * 10_000 });
    }
    const bytes = writeCapture(conns, steps, { format: 'pcapng' });
    const seen: ParseProgress[] = [];
    parseLog(bytes, {}, (p) => seen.push(p));
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every((p) => p.bytesTotal === bytes.length)).toBe(true);
    expect(seen.map((p) => p.bytesDone)).toEqual([...seen.map((p) => p.bytesDone)].sort((a, b) => a - b));
    expect(seen.some((p) => p.bytesDone > 0 && p.bytesDone < bytes.length / 2)).toBe(true);
    expect(seen.at(-1)?.bytesDone).toBe(bytes.length);
    // Analysis is said once the text is read, at the full bar; never while the packets are.
    expect(seen.slice(-2).map((p) => p.stage)).toEqual(['analysing', 'analysing']);
    expect(seen.slice(0, -2).every((p) => p.stage === 'reading')).toBe(true);
  });
});
