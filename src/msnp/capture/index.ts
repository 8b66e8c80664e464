/**
 * Stage: packet capture → log text. A pcap or pcapng file is read packet by packet, its TCP connections put back
 * together, the MSNP ones kept, and the result written as a `capture`-dialect log (render.ts), which the usual
 * stages then read. A file that is not a capture is left alone (null).
 */
import { formatCount, plural } from '../format-count';
import type { CaptureInfo } from '../types';
import { captureFormatOf, readCaptureInto, type CapturedPacket } from './capture-file';
import { gatewaySessions, isGatewayConnection } from './http-gateway';
import { renderCapture, isMsnpConnection } from './render';
import { tcpSegmentOf } from './tcp-segment';
import { TcpAssembler, type TcpConnection } from './tcp-streams';
import { utf8Decode } from '../line-source';

export { captureFormatOf } from './capture-file';

export interface CaptureText {
  readonly info: CaptureInfo;
  readonly text: Uint8Array;
}

const PROGRESS_BYTES = 1 << 20;

/** `onBytes(done)`: how far into the file the packets have been read, about every megabyte. */
export function captureToText(bytes: Uint8Array, onBytes?: (done: number) => void): CaptureText | null {
  const tcp = new TcpAssembler();
  let otherPackets = 0;
  // Each packet goes to the assembler as it is read: no list of packets is ever held.
  let reported = 0;
  const sink = {
    length: 0,
    push(p: CapturedPacket): void {
      const at = p.data.byteOffset - bytes.byteOffset;
      if (onBytes !== undefined && at - reported >= PROGRESS_BYTES) {
        reported = at;
        onBytes(at);
      }
      const r = tcpSegmentOf(p.linkType, p.data);
      if ('segment' in r) tcp.add(r.segment, this.length, p.time);
      else otherPackets++;
      this.length++;
    },
  };
  const read = readCaptureInto(bytes, sink);
  if (read === null) return null;
  const packets = sink.length;
  const all = tcp.connections();
  // Sets, not arrays: a server's capture holds tens of thousands of connections.
  const gateway = new Set(all.filter(isGatewayConnection));
  const first = new Set(all.filter((c) => !gateway.has(c) && isMsnpConnection(c)));
  // A switchboard on another port, joined mid-stream, is still MSNP when a notification server named it.
  const named = namedServers(first);
  const msnp = all.filter((c) => first.has(c) || (!gateway.has(c) && named.has(c.server)));
  const sessions = gatewaySessions([...gateway]);
  const otherConnections = all.length - msnp.length - gateway.size;
  const summary = { format: read.format, packets, otherConnections, otherPackets, damage: read.damage };
  return {
    info: {
      format: read.format, fileBytes: bytes.length, packets, msnpConnections: msnp.length + sessions.length,
      gatewaySessions: sessions.length, otherConnections, otherPackets, damage: read.damage,
    },
    text: renderCapture(msnp, sessions, summary),
  };
}

/**
 * The `host:port` endpoints the servers sent the client to: `XFR t SB 1.2.3.4:1863 CKI …`, `RNG s 1.2.3.4:1863 …`
 * and `XFR t NS 1.2.3.4:1863 …` in the server's side of MSNP connections.
 */
function namedServers(connections: ReadonlySet<TcpConnection>): Set<string> {
  const out = new Set<string>();
  for (const c of connections) {
    const text = utf8Decode(c.fromServer.bytes);
    for (const m of text.matchAll(/(?:^|\n)(?:XFR \d+ (?:SB|NS)|RNG \d+) (\d{1,3}(?:\.\d{1,3}){3}:\d{1,5})[ \r\n]/g)) if (m[1] !== undefined) out.add(m[1]);
  }
  return out;
}

/** One sentence on what a capture held and what was left out, for the CLI's header and the app's summary. */
export function describeCapture(c: CaptureInfo): string {
  const left: string[] = [];
  if (c.otherConnections > 0) left.push(`${plural(c.otherConnections, 'other TCP connection')} (not MSNP)`);
  if (c.otherPackets > 0) left.push(`${plural(c.otherPackets, 'packet')} with no TCP`);
  const leftOut = left.length === 0 ? '' : `; left out: ${left.join(', ')}`;
  const damage = c.damage === null ? '' : `; ${c.damage}`;
  const gateway = c.gatewaySessions === 0 ? '' : ` (${formatCount(c.gatewaySessions)} through the HTTP gateway)`;
  return `a ${c.format} packet capture of ${plural(c.fileBytes, 'byte')}: ${plural(c.packets, 'packet')}, ${plural(c.msnpConnections, 'MSNP connection')}${gateway}${leftOut}${damage}`;
}

/** Whether bytes start like a capture file (cheap: the first 12 bytes). */
export const isCaptureFile = (bytes: Uint8Array): boolean => captureFormatOf(bytes) !== null;
