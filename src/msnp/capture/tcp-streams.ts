/**
 * TCP reassembly: segments grouped into connections by their two ends (a SYN after the old one closed starts a
 * new connection on the same ends), each direction put back in sequence order. Retransmitted and overlapping
 * bytes are taken once; bytes the capture never saw are a gap, kept as a count at their place in the stream.
 */
import { endpointText, type TcpSegment } from './tcp-segment';

/** One direction of a connection, in order. */
export interface ByteStream {
  readonly bytes: Uint8Array;
  /** For each run of bytes, where it starts in `bytes` and the capture order (packet index) and time of its packet. */
  readonly runs: readonly StreamRun[];
  /** Bytes missing before `at` (the capture lost them or started after them). */
  readonly gaps: readonly { readonly at: number; readonly missing: number }[];
}

export interface StreamRun {
  readonly at: number;
  readonly packet: number;
  readonly time: number;
}

export type CloseKind = 'fin' | 'rst';

export interface TcpConnection {
  readonly client: string;
  readonly server: string;
  readonly clientPort: number;
  readonly serverPort: number;
  /** Whether the capture holds the connection's SYN (else it started before the capture). */
  readonly opened: boolean;
  readonly firstPacket: number;
  readonly firstTime: number;
  readonly fromClient: ByteStream;
  readonly fromServer: ByteStream;
  /** Who closed it first and how, with the packet; null when the capture ends with it open. */
  readonly close: { readonly by: 'client' | 'server'; readonly kind: CloseKind; readonly packet: number; readonly time: number } | null;
}

interface Piece {
  readonly seq: number;
  readonly data: Uint8Array;
  readonly packet: number;
  readonly time: number;
}

interface Side {
  readonly end: string;
  readonly port: number;
  /** The sequence number of the first data byte, from the SYN; null when the SYN was not captured. */
  isn: number | null;
  pieces: Piece[];
}

interface Draft {
  readonly a: Side;
  readonly b: Side;
  readonly firstPacket: number;
  readonly firstTime: number;
  firstData: Side | null;
  /** The end that sent the SYN (or the other end of a lone SYN-ACK). */
  opener: Side | null;
  close: { by: Side; kind: CloseKind; packet: number; time: number } | null;
}

export const MSNP_PORT = 1863;

export class TcpAssembler {
  private readonly drafts: Draft[] = [];
  private readonly open = new Map<string, Draft>();

  add(s: TcpSegment, packet: number, time: number): void {
    const key = s.from < s.to ? `${s.from}|${s.to}` : `${s.to}|${s.from}`;
    let d = this.open.get(key);
    // A fresh SYN on ends whose connection closed (or already carried data) is a new connection.
    if (d !== undefined && s.syn && !s.ack && (d.close !== null || d.firstData !== null)) d = undefined;
    if (d === undefined) {
      d = {
        a: { end: s.from, port: s.fromPort, isn: null, pieces: [] },
        b: { end: s.to, port: s.toPort, isn: null, pieces: [] },
        firstPacket: packet,
        firstTime: time,
        firstData: null,
        opener: null,
        close: null,
      };
      this.drafts.push(d);
      this.open.set(key, d);
    }
    const side = d.a.end === s.from ? d.a : d.b;
    if (s.syn) {
      side.isn = (s.seq + 1) >>> 0;
      if (d.opener === null) d.opener = s.ack ? (side === d.a ? d.b : d.a) : side;
    }
    if (s.payload.length > 0) {
      if (d.firstData === null) d.firstData = side;
      // The data is kept as a view of the file: no copy per packet.
      side.pieces.push({ seq: s.syn ? (s.seq + 1) >>> 0 : s.seq, data: s.payload, packet, time });
    }
    if ((s.fin || s.rst) && d.close === null) d.close = { by: side, kind: s.rst ? 'rst' : 'fin', packet, time };
  }

  connections(): TcpConnection[] {
    return this.drafts.map((d) => {
      const [client, server] = roles(d);
      const close = d.close === null ? null : { by: d.close.by === client ? ('client' as const) : ('server' as const), kind: d.close.kind, packet: d.close.packet, time: d.close.time };
      return {
        client: endpointText(client.end),
        server: endpointText(server.end),
        clientPort: client.port,
        serverPort: server.port,
        opened: d.opener !== null,
        firstPacket: d.firstPacket,
        firstTime: d.firstTime,
        fromClient: assemble(client),
        fromServer: assemble(server),
        close,
      };
    });
  }
}

/**
 * Which end is the client: the one that sent the first SYN without ACK; else the end not on port 1863 when the
 * other is; else the first to send data (an MSNP client always speaks first: VER, USR or ANS).
 */
function roles(d: Draft): [Side, Side] {
  if (d.opener !== null) return d.opener === d.a ? [d.a, d.b] : [d.b, d.a];
  if ((d.a.port === MSNP_PORT) !== (d.b.port === MSNP_PORT)) return d.a.port === MSNP_PORT ? [d.b, d.a] : [d.a, d.b];
  return d.firstData === d.b ? [d.b, d.a] : [d.a, d.b];
}

function assemble(side: Side): ByteStream {
  const pieces = side.pieces;
  if (pieces.length === 0) return { bytes: new Uint8Array(0), runs: [], gaps: [] };
  const base = side.isn ?? (pieces[0] as Piece).seq;
  // Offsets from the first byte as signed 32-bit differences: sequence numbers wrap, and a segment captured
  // before an earlier-sent one (reordering) lands before the first seen.
  const placed = pieces.map((p, order) => ({ p, rel: (p.seq - base) | 0, order }));
  placed.sort((x, y) => x.rel - y.rel || x.order - y.order);
  let expected = side.isn === null ? (placed[0] as { rel: number }).rel : 0;
  const chunks: Uint8Array[] = [];
  const runs: StreamRun[] = [];
  const gaps: { at: number; missing: number }[] = [];
  let length = 0;
  for (const { p, rel } of placed) {
    const end = rel + p.data.length;
    if (end <= expected) continue; // a retransmission of bytes already taken
    if (rel > expected) {
      gaps.push({ at: length, missing: rel - expected });
      expected = rel;
    }
    const part = p.data.subarray(expected - rel);
    runs.push({ at: length, packet: p.packet, time: p.time });
    chunks.push(part);
    length += part.length;
    expected = end;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, runs, gaps };
}

/** The run that holds byte `at` of a stream (binary search). */
export function runAt(stream: ByteStream, at: number): StreamRun | null {
  const runs = stream.runs;
  let lo = 0;
  let hi = runs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((runs[mid] as StreamRun).at <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? null : (runs[found] ?? null);
}
