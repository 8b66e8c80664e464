/**
 * A sign-in as a packet capture would hold it: dispatch server → notification server (MSNP8, TWN), the list
 * sync, a switchboard with a text message and a binary P2P message, a rate-limited CAL, and traffic that is not
 * MSNP (HTTPS to Passport, DNS). The capture tests, the bundled sample and the e2e fixture are written from it.
 */
import { utf8Encode } from '../line-source';
import type { WireConnection, WireStep } from './write-capture';

const T0 = Date.UTC(2009, 4, 1, 18, 30, 0);

export const SCENARIO_CONNECTIONS: readonly WireConnection[] = [
  { client: { address: '192.168.1.20', port: 50101 }, server: { address: '207.46.104.20', port: 1863 } },
  { client: { address: '192.168.1.20', port: 50102 }, server: { address: '207.46.106.118', port: 1863 }, clientIsn: 0xffff_ff00 },
  { client: { address: '192.168.1.20', port: 50103 }, server: { address: '65.54.171.30', port: 443 } },
  { client: { address: '192.168.1.20', port: 50104 }, server: { address: '207.46.108.37', port: 1863 } },
];

const MSG_HOTMAIL =
  'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nLoginTime: 1241202600\r\nkv: 2\r\nMemberIdHigh: 84736\r\nMemberIdLow: -1434707526\r\nlang_preference: 1033\r\nCountry: US\r\nClientPort: 50102\r\n\r\n';
const MSG_TEXT = 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\n\r\nhello Bob — are you there? ☕';

/**
 * A P2P message (MSNP2P v1): MIME headers, the 48-byte binary header (session 0, message 42, all the bytes of a
 * short message, little-endian, with NULs), an SLP INVITE, and the footer.
 */
function p2pPayload(): Uint8Array {
  const head = utf8Encode('MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: bob@example.com\r\n\r\n');
  const slp = utf8Encode('INVITE MSNMSGR:bob@example.com MSNSLP/1.0\r\nTo: <msnmsgr:bob@example.com>\r\nFrom: <msnmsgr:alice@example.com>\r\n\r\n');
  const out = new Uint8Array(head.length + 48 + slp.length + 4);
  out.set(head, 0);
  const header = new DataView(out.buffer, head.length, 48);
  header.setUint32(4, 42, true); // message id
  header.setBigUint64(16, BigInt(slp.length), true); // total size
  header.setUint32(24, slp.length, true); // this message's data length
  header.setUint32(32, 7, true); // ack id
  out.set(slp, head.length + 48);
  return out; // footer 0: an SLP message
}

export function utf8Bytes(s: string): number {
  return utf8Encode(s).length;
}

function msg(header: string, body: string | Uint8Array): Uint8Array {
  const b = typeof body === 'string' ? utf8Encode(body) : body;
  const h = utf8Encode(`${header} ${b.length}\r\n`);
  const out = new Uint8Array(h.length + b.length);
  out.set(h, 0);
  out.set(b, h.length);
  return out;
}

const at = (s: number): number => T0 + s * 1000;

export function scenarioSteps(damage: { lose?: boolean; tinySegments?: boolean } = {}): WireStep[] {
  const seg = damage.tinySegments === true ? { segment: 7, twice: [1, 4], swap: [2, 6] } : {};
  return [
    { kind: 'send', conn: 0, from: 'client', time: at(0), data: 'VER 1 MSNP8 CVR0\r\n' },
    { kind: 'send', conn: 0, from: 'server', time: at(0.1), data: 'VER 1 MSNP8 CVR0\r\n' },
    { kind: 'send', conn: 0, from: 'client', time: at(0.2), data: 'CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS alice@example.com\r\n' },
    { kind: 'send', conn: 0, from: 'server', time: at(0.3), data: 'CVR 2 6.2.0208 6.2.0208 1.0.0000 http://download.microsoft.com/x http://messenger.msn.com\r\n' },
    { kind: 'send', conn: 0, from: 'client', time: at(0.4), data: 'USR 3 TWN I alice@example.com\r\n' },
    { kind: 'send', conn: 0, from: 'server', time: at(0.5), data: 'XFR 3 NS 207.46.106.118:1863 0 207.46.104.20:1863\r\n' },
    { kind: 'close', conn: 0, from: 'server', time: at(0.6) },
    { kind: 'udp', time: at(0.7) },
    { kind: 'send', conn: 1, from: 'client', time: at(1), data: 'VER 4 MSNP8 CVR0\r\n' },
    { kind: 'send', conn: 1, from: 'server', time: at(1.1), data: 'VER 4 MSNP8 CVR0\r\n' },
    { kind: 'send', conn: 1, from: 'client', time: at(1.2), data: 'CVR 5 0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS alice@example.com\r\n' },
    { kind: 'send', conn: 1, from: 'server', time: at(1.3), data: 'CVR 5 6.2.0208 6.2.0208 1.0.0000 http://download.microsoft.com/x http://messenger.msn.com\r\n' },
    { kind: 'send', conn: 1, from: 'client', time: at(1.4), data: 'USR 6 TWN I alice@example.com\r\n' },
    { kind: 'send', conn: 1, from: 'server', time: at(1.5), data: 'USR 6 TWN S lc=1033,id=507,tw=40,fs=1,ru=http%3A%2F%2Fmessenger%2Emsn%2Ecom,ct=1241202600,kpp=1,kv=5,ver=2.1.0173.1,tpf=43f8a4c8ed940c04e3740be46c4d1619\r\n' },
    { kind: 'send', conn: 2, from: 'client', time: at(1.6), data: new Uint8Array([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00]) },
    { kind: 'send', conn: 2, from: 'server', time: at(1.7), data: new Uint8Array([0x16, 0x03, 0x01, 0x00, 0x02, 0x02, 0x00]) },
    { kind: 'send', conn: 1, from: 'client', time: at(2), data: 'USR 7 TWN S t=53*1hAu8ADuD3TEwdXoOMi08sD*2!cMrntTwVMTjoB3p6stWTqzbkKZPVQzA5NOt19SLI60PY!b8K4YhC!Ooo5ug$$&p=5eKBBC!yBH6ex5mftp!a9DrSb0B3hU8aqAWpaPaYJ4VOyT3o8pQhoc4V*bUA7HpXJXzKnAQ9A0tYqNdRYnbaRwrW8*DzBc1wnvIXV3XGIiSD0WCgWcwQh6lFTR4xW1fWzcb1xIvpC8fubWC6kNgd8IBzN8HCUo6M69*A1OM!1lNQW4sZbYaYWIxVw6ea7YbLx5J3XXb7kVzOAkB7W6OOnGAg$$\r\n' },
    { kind: 'send', conn: 1, from: 'server', time: at(2.4), data: 'USR 7 OK alice@example.com Alice 1 0\r\n' },
    { kind: 'send', conn: 1, from: 'server', time: at(2.41), data: msg('MSG Hotmail Hotmail', MSG_HOTMAIL), ...seg },
    { kind: 'send', conn: 1, from: 'client', time: at(2.5), data: 'SYN 8 0\r\n' },
    { kind: 'send', conn: 1, from: 'server', time: at(2.6), data: 'SYN 8 12 1 1\r\nGTC A\r\nBLP AL\r\nLST bob@example.com Bob 11 0\r\n' },
    { kind: 'send', conn: 1, from: 'client', time: at(2.7), data: 'CHG 9 NLN 0\r\n' },
    { kind: 'send', conn: 1, from: 'server', time: at(2.8), data: 'CHG 9 NLN 0\r\nILN 9 NLN bob@example.com Bob 268435492\r\n' },
    { kind: 'send', conn: 1, from: 'client', time: at(3), data: 'XFR 10 SB\r\n' },
    { kind: 'send', conn: 1, from: 'server', time: at(3.1), data: 'XFR 10 SB 207.46.108.37:1863 CKI 17262740.1050826919.32308\r\n' },
    { kind: 'send', conn: 3, from: 'client', time: at(3.3), data: 'USR 1 alice@example.com 17262740.1050826919.32308\r\n' },
    { kind: 'send', conn: 3, from: 'server', time: at(3.4), data: 'USR 1 OK alice@example.com Alice\r\n' },
    { kind: 'send', conn: 3, from: 'client', time: at(3.5), data: 'CAL 2 bob@example.com\r\n' },
    { kind: 'send', conn: 3, from: 'server', time: at(3.6), data: 'CAL 2 RINGING 17262740\r\n' },
    { kind: 'send', conn: 3, from: 'server', time: at(4), data: 'JOI bob@example.com Bob\r\n' },
    { kind: 'send', conn: 3, from: 'client', time: at(4.2), data: msg('MSG 3 A', MSG_TEXT), ...(damage.lose === true ? { segment: 40, lose: [1] } : seg) },
    { kind: 'send', conn: 3, from: 'server', time: at(4.3), data: 'ACK 3\r\n' },
    { kind: 'send', conn: 3, from: 'client', time: at(4.5), data: msg('MSG 4 D', p2pPayload()) },
    { kind: 'send', conn: 3, from: 'server', time: at(4.6), data: 'ACK 4\r\n' },
    { kind: 'send', conn: 3, from: 'client', time: at(5), data: 'CAL 5 carol@example.com\r\n' },
    { kind: 'send', conn: 3, from: 'server', time: at(5.1), data: '713 5\r\n' },
    { kind: 'send', conn: 1, from: 'client', time: at(6), data: 'PNG\r\n' },
    { kind: 'send', conn: 1, from: 'server', time: at(6.1), data: 'QNG\r\n' },
    { kind: 'send', conn: 3, from: 'client', time: at(7), data: 'OUT\r\n' },
    { kind: 'close', conn: 3, from: 'client', time: at(7.1) },
  ];
}

export { MSG_HOTMAIL, MSG_TEXT };
