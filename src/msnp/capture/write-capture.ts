/**
 * Writes pcap / pcapng files from a script of TCP exchanges: what the capture tests, the bundled capture sample
 * and the fixtures are made from. It writes what a capturing host records (Ethernet or Linux cooked frames,
 * IPv4 or IPv6, real sequence numbers with a wrap-around, the handshake and the close) and can damage the
 * capture the way real ones are damaged: segments split, lost, sent twice or out of order.
 */
import { utf8Encode } from '../line-source';

export interface WireEnd {
  readonly address: string; // dotted IPv4 or full-form IPv6 ("2001:db8:0:0:0:0:0:1")
  readonly port: number;
}

export interface WireConnection {
  readonly client: WireEnd;
  readonly server: WireEnd;
  /** First sequence number of each side (to test the 32-bit wrap); defaults differ per connection. */
  readonly clientIsn?: number;
  readonly serverIsn?: number;
  /** Whether the capture holds the handshake (false: it started after the connection opened). */
  readonly handshake?: boolean;
}

export type WireStep =
  | {
      readonly kind: 'send';
      readonly conn: number;
      readonly from: 'client' | 'server';
      readonly time: number; // ms since the epoch
      readonly data: string | Uint8Array;
      /** Cut the data into segments of at most this many bytes. */
      readonly segment?: number;
      /** Indexes of segments the capture misses, sends twice, or records swapped with the next one. */
      readonly lose?: readonly number[];
      readonly twice?: readonly number[];
      readonly swap?: readonly number[];
    }
  | { readonly kind: 'close'; readonly conn: number; readonly from: 'client' | 'server'; readonly time: number; readonly rst?: boolean }
  | { readonly kind: 'udp'; readonly time: number };

export interface WriteOptions {
  readonly format: 'pcap' | 'pcapng';
  /** 1 Ethernet (default), 113 Linux cooked. */
  readonly linkType?: 1 | 113;
  /** pcap only: big-endian file (as written on a SPARC or PowerPC). */
  readonly bigEndian?: boolean;
  /** pcapng only: the packet block written, enhanced (6, default), obsolete (2) or simple (3, no time). */
  readonly block?: 2 | 3 | 6;
}

interface Frame {
  readonly time: number;
  readonly data: Uint8Array;
}


export function writeCapture(connections: readonly WireConnection[], steps: readonly WireStep[], options: WriteOptions): Uint8Array {
  const linkType = options.linkType ?? 1;
  const seq = connections.map((c, k) => ({ client: c.clientIsn ?? 0x1000 * (k + 1), server: c.serverIsn ?? 0x7000_0000 + 0x1000 * k, open: false }));
  const frames: Frame[] = [];
  const emit = (conn: number, from: 'client' | 'server', time: number, flags: number, payload: Uint8Array, at?: number): void => {
    const c = connections[conn] as WireConnection;
    const s = seq[conn] as { client: number; server: number };
    const [src, dst] = from === 'client' ? [c.client, c.server] : [c.server, c.client];
    const number = at ?? (from === 'client' ? s.client : s.server);
    frames.push({ time, data: frame(linkType, src, dst, number >>> 0, flags, payload) });
  };
  for (const step of steps) {
    if (step.kind === 'udp') {
      frames.push({ time: step.time, data: udpFrame(linkType) });
      continue;
    }
    const s = seq[step.conn] as { client: number; server: number; open: boolean };
    if (!s.open) {
      s.open = true;
      if ((connections[step.conn] as WireConnection).handshake !== false) {
        emit(step.conn, 'client', step.time - 2, SYN, new Uint8Array(0));
        emit(step.conn, 'server', step.time - 1, SYN | ACK, new Uint8Array(0));
        s.client += 1;
        s.server += 1;
      }
    }
    if (step.kind === 'close') {
      emit(step.conn, step.from, step.time, step.rst === true ? RST : FIN | ACK, new Uint8Array(0));
      continue;
    }
    const bytes = typeof step.data === 'string' ? utf8Encode(step.data) : step.data;
    const size = step.segment ?? 1400;
    const pieces: { at: number; data: Uint8Array }[] = [];
    let at = step.from === 'client' ? s.client : s.server;
    for (let k = 0; k < bytes.length; k += size) {
      pieces.push({ at, data: bytes.subarray(k, k + size) });
      at += Math.min(size, bytes.length - k);
    }
    if (step.from === 'client') s.client = at;
    else s.server = at;
    const order = pieces.map((_, k) => k);
    for (const k of (step.swap ?? []).filter((i) => i + 1 < order.length)) [order[k], order[k + 1]] = [order[k + 1] as number, order[k] as number];
    order.forEach((k, n) => {
      const p = pieces[k] as { at: number; data: Uint8Array };
      if (step.lose?.includes(k) === true) return;
      emit(step.conn, step.from, step.time + n * 0.01, PSH | ACK, p.data, p.at);
      if (step.twice?.includes(k) === true) emit(step.conn, step.from, step.time + n * 0.01 + 0.005, PSH | ACK, p.data, p.at);
    });
  }
  return options.format === 'pcap' ? pcapFile(frames, linkType, options.bigEndian === true) : pcapngFile(frames, linkType, options.block ?? 6);
}

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const PSH = 0x08;
const ACK = 0x10;

function frame(linkType: number, src: WireEnd, dst: WireEnd, seqNumber: number, flags: number, payload: Uint8Array): Uint8Array {
  const v6 = src.address.includes(':');
  const tcp = new Uint8Array(20 + payload.length);
  const t = new DataView(tcp.buffer);
  t.setUint16(0, src.port);
  t.setUint16(2, dst.port);
  t.setUint32(4, seqNumber);
  t.setUint8(12, 5 << 4);
  t.setUint8(13, flags);
  t.setUint16(14, 65535);
  tcp.set(payload, 20);
  const ip = v6 ? ipv6Packet(src.address, dst.address, tcp) : ipv4Packet(src.address, dst.address, 6, tcp);
  return link(linkType, v6 ? 0x86dd : 0x0800, ip);
}

function link(linkType: number, etherType: number, ip: Uint8Array): Uint8Array {
  const header = linkType === 113 ? 16 : 14;
  const out = new Uint8Array(header + ip.length);
  const v = new DataView(out.buffer);
  if (linkType === 113) {
    v.setUint16(0, 0); // packet to us
    v.setUint16(2, 1); // ARPHRD_ETHER
    v.setUint16(4, 6);
    v.setUint16(14, etherType);
  } else {
    out.set([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb], 0);
    v.setUint16(12, etherType);
  }
  out.set(ip, header);
  return out;
}

function ipv4Packet(src: string, dst: string, protocol: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(20 + body.length);
  const v = new DataView(out.buffer);
  v.setUint8(0, 0x45);
  v.setUint16(2, out.length);
  v.setUint16(6, 0x4000); // don't fragment
  v.setUint8(8, 64);
  v.setUint8(9, protocol);
  out.set(src.split('.').map(Number), 12);
  out.set(dst.split('.').map(Number), 16);
  out.set(body, 20);
  return out;
}

function ipv6Packet(src: string, dst: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(40 + body.length);
  const v = new DataView(out.buffer);
  v.setUint8(0, 0x60);
  v.setUint16(4, body.length);
  v.setUint8(6, 6);
  v.setUint8(7, 64);
  src.split(':').forEach((g, k) => v.setUint16(8 + 2 * k, parseInt(g, 16)));
  dst.split(':').forEach((g, k) => v.setUint16(24 + 2 * k, parseInt(g, 16)));
  out.set(body, 40);
  return out;
}

/** A DNS-sized UDP datagram: traffic a capture holds besides MSNP. */
function udpFrame(linkType: number): Uint8Array {
  const udp = new Uint8Array(8 + 12);
  const v = new DataView(udp.buffer);
  v.setUint16(0, 53);
  v.setUint16(2, 40000);
  v.setUint16(4, udp.length);
  return link(linkType, 0x0800, ipv4Packet('10.0.0.1', '10.0.0.2', 17, udp));
}

function pcapFile(frames: readonly Frame[], linkType: number, be: boolean): Uint8Array {
  const size = 24 + frames.reduce((n, f) => n + 16 + f.data.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  const le = !be;
  v.setUint32(0, 0xa1b2c3d4, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, 65535, le);
  v.setUint32(20, linkType, le);
  let at = 24;
  for (const f of frames) {
    const ms = Math.round(f.time * 1000) / 1000;
    v.setUint32(at, Math.floor(ms / 1000), le);
    v.setUint32(at + 4, Math.round((ms % 1000) * 1000), le);
    v.setUint32(at + 8, f.data.length, le);
    v.setUint32(at + 12, f.data.length, le);
    out.set(f.data, at + 16);
    at += 16 + f.data.length;
  }
  return out;
}

/** pcapng, little-endian: a section header, one interface with nanosecond stamps, then enhanced packet blocks. */
function pcapngFile(frames: readonly Frame[], linkType: number, packetBlock: 2 | 3 | 6): Uint8Array {
  const blocks: Uint8Array[] = [];
  const block = (type: number, body: Uint8Array): void => {
    const padded = Math.ceil(body.length / 4) * 4;
    const out = new Uint8Array(12 + padded);
    const v = new DataView(out.buffer);
    v.setUint32(0, type, true);
    v.setUint32(4, out.length, true);
    out.set(body, 8);
    v.setUint32(out.length - 4, out.length, true);
    blocks.push(out);
  };
  const shb = new Uint8Array(16);
  const sv = new DataView(shb.buffer);
  sv.setUint32(0, 0x1a2b3c4d, true);
  sv.setUint16(4, 1, true);
  sv.setBigInt64(8, -1n, true);
  block(0x0a0d0d0a, shb);
  // IDB with if_tsresol = 9 (nanoseconds), then the end-of-options marker.
  const idb = new Uint8Array(8 + 8 + 4);
  const iv = new DataView(idb.buffer);
  iv.setUint16(0, linkType, true);
  iv.setUint32(4, 65535, true);
  iv.setUint16(8, 9, true);
  iv.setUint16(10, 1, true);
  iv.setUint8(12, 9);
  block(1, idb);
  for (const f of frames) {
    if (packetBlock === 3) {
      const simple = new Uint8Array(4 + f.data.length);
      new DataView(simple.buffer).setUint32(0, f.data.length, true);
      simple.set(f.data, 4);
      block(3, simple);
      continue;
    }
    const body = new Uint8Array(20 + f.data.length);
    const v = new DataView(body.buffer);
    const ns = BigInt(Math.round(f.time * 1000)) * 1000n;
    // Interface 0: a 32-bit id in an enhanced block, a 16-bit id and a 16-bit drop count in an obsolete one.
    v.setUint32(0, 0, true);
    v.setUint32(4, Number(ns >> 32n), true);
    v.setUint32(8, Number(ns & 0xffffffffn), true);
    v.setUint32(12, f.data.length, true);
    v.setUint32(16, f.data.length, true);
    body.set(f.data, 20);
    block(packetBlock, body);
  }
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
