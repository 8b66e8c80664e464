/**
 * From a captured frame to its TCP segment: the link layer (Ethernet with VLAN tags, Linux cooked v1/v2, BSD
 * loopback, raw IP), then IPv4 or IPv6 (extension headers walked), then TCP. Anything else is `null` with the
 * reason it was skipped, so the capture summary can count what it left out.
 */

export interface TcpSegment {
  /**
   * Each end as a compact key: the address and port as 16-bit char codes (3 chars for IPv4, 9 for IPv6). A key
   * per packet is what grouping needs; `endpointText` makes the `address:port` shown, once per connection.
   */
  readonly from: string;
  readonly to: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly seq: number;
  readonly syn: boolean;
  readonly ack: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
  readonly payload: Uint8Array;
}

/** Why a frame carries no TCP segment to read. */
export type SkipReason = 'not-ip' | 'not-tcp' | 'fragment' | 'cut-short' | 'link-type';

export type SegmentOrSkip = { readonly segment: TcpSegment } | { readonly skip: SkipReason };

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;

export function tcpSegmentOf(linkType: number, frame: Uint8Array): SegmentOrSkip {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const ip = ipStart(linkType, frame, view);
  if (typeof ip === 'string') return { skip: ip };
  const version = (frame[ip] ?? 0) >> 4;
  if (version === 4) return ipv4(frame, view, ip);
  if (version === 6) return ipv6(frame, view, ip);
  return { skip: 'not-ip' };
}

/** Where the IP header starts, or why there is none. */
function ipStart(linkType: number, frame: Uint8Array, view: DataView): number | SkipReason {
  switch (linkType) {
    case 1: {
      // Ethernet: 14 bytes, then any number of 802.1Q / 802.1ad tags of 4 bytes each.
      let at = 12;
      while (at + 2 <= frame.length) {
        const type = view.getUint16(at, false);
        if (type === 0x8100 || type === 0x88a8) {
          at += 4;
          continue;
        }
        return type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6 ? at + 2 : 'not-ip';
      }
      return 'cut-short';
    }
    case 113: // Linux cooked v1: protocol at 14, header 16
      if (frame.length < 16) return 'cut-short';
      return isIpType(view.getUint16(14, false)) ? 16 : 'not-ip';
    case 276: // Linux cooked v2: protocol at 0, header 20
      if (frame.length < 20) return 'cut-short';
      return isIpType(view.getUint16(0, false)) ? 20 : 'not-ip';
    case 0: // BSD loopback: a 4-byte address family in the writer's byte order
    case 108: // OpenBSD loopback: the same in network order
      return frame.length < 4 ? 'cut-short' : 4;
    case 12:
    case 14:
    case 101:
    case 228:
    case 229:
      return 0;
    default:
      return 'link-type';
  }
}

const isIpType = (t: number): boolean => t === ETHERTYPE_IPV4 || t === ETHERTYPE_IPV6;

function ipv4(frame: Uint8Array, view: DataView, at: number): SegmentOrSkip {
  if (at + 20 > frame.length) return { skip: 'cut-short' };
  const headerLength = ((frame[at] ?? 0) & 0x0f) * 4;
  const total = view.getUint16(at + 2, false);
  const fragment = view.getUint16(at + 6, false);
  // More-fragments set or an offset: a piece of a datagram; MSNP over TCP with path-MTU discovery never has them.
  if ((fragment & 0x3fff) !== 0) return { skip: 'fragment' };
  if (frame[at + 9] !== 6) return { skip: 'not-tcp' };
  const from = String.fromCharCode(view.getUint16(at + 12, false), view.getUint16(at + 14, false));
  const to = String.fromCharCode(view.getUint16(at + 16, false), view.getUint16(at + 18, false));
  // Total length 0 is TCP segmentation offload on the capturing host: the frame's own length is the truth.
  const end = total === 0 ? frame.length : Math.min(frame.length, at + total);
  return tcp(frame, view, at + headerLength, end, from, to);
}

function ipv6(frame: Uint8Array, view: DataView, at: number): SegmentOrSkip {
  if (at + 40 > frame.length) return { skip: 'cut-short' };
  const payloadLength = view.getUint16(at + 4, false);
  let next = frame[at + 6] ?? 0;
  const from = v6Key(view, at + 8);
  const to = v6Key(view, at + 24);
  const end = payloadLength === 0 ? frame.length : Math.min(frame.length, at + 40 + payloadLength);
  let p = at + 40;
  // Hop-by-hop, routing and destination options precede TCP; a fragment header means a piece of a datagram.
  while (next === 0 || next === 43 || next === 60) {
    if (p + 2 > end) return { skip: 'cut-short' };
    next = frame[p] ?? 0;
    p += ((frame[p + 1] ?? 0) + 1) * 8;
  }
  if (next === 44) return { skip: 'fragment' };
  if (next !== 6) return { skip: 'not-tcp' };
  return tcp(frame, view, p, end, from, to);
}

function v6Key(view: DataView, at: number): string {
  let key = '';
  for (let k = 0; k < 8; k++) key += String.fromCharCode(view.getUint16(at + 2 * k, false));
  return key;
}

/** `1.2.3.4:1863` or `[2001:db8::1]:1863` from an endpoint key. */
export function endpointText(key: string): string {
  const port = key.charCodeAt(key.length - 1);
  if (key.length === 3) {
    const a = key.charCodeAt(0);
    const b = key.charCodeAt(1);
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}:${port}`;
  }
  return `[${ipv6Text(key)}]:${port}`;
}

function ipv6Text(key: string): string {
  const groups: string[] = [];
  for (let k = 0; k < 8; k++) groups.push(key.charCodeAt(k).toString(16));
  // The longest run of zero groups becomes `::` (RFC 5952).
  let best = -1;
  let bestLength = 1;
  for (let k = 0; k < 8; ) {
    if (groups[k] !== '0') {
      k++;
      continue;
    }
    let e = k;
    while (e < 8 && groups[e] === '0') e++;
    if (e - k > bestLength) {
      best = k;
      bestLength = e - k;
    }
    k = e;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

function tcp(frame: Uint8Array, view: DataView, at: number, end: number, fromAddress: string, toAddress: string): SegmentOrSkip {
  if (at + 20 > end) return { skip: 'cut-short' };
  const fromPort = view.getUint16(at, false);
  const toPort = view.getUint16(at + 2, false);
  const dataOffset = ((frame[at + 12] ?? 0) >> 4) * 4;
  const flags = frame[at + 13] ?? 0;
  const payloadStart = Math.min(end, at + Math.max(20, dataOffset));
  return {
    segment: {
      from: fromAddress + String.fromCharCode(fromPort),
      to: toAddress + String.fromCharCode(toPort),
      fromPort,
      toPort,
      seq: view.getUint32(at + 4, false),
      fin: (flags & 0x01) !== 0,
      syn: (flags & 0x02) !== 0,
      rst: (flags & 0x04) !== 0,
      ack: (flags & 0x10) !== 0,
      payload: frame.subarray(payloadStart, end),
    },
  };
}
