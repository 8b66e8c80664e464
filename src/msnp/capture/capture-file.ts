/**
 * Packet-capture containers: classic pcap (either byte order, micro- or nanosecond stamps) and pcapng (sections
 * of either byte order, several interfaces with their own link type and time resolution). Yields each packet's
 * bytes, link type and time; never throws: a file cut short ends the list and says so in `damage`.
 *
 * Formats: pcap is a 24-byte header then 16-byte record headers (tcpdump's pcap-savefile(5)); pcapng is a list of
 * blocks `type, length, body, length` (IETF draft-ietf-opsawg-pcapng): SHB 0x0A0D0D0A, IDB 1, EPB 6, SPB 3 and
 * the obsolete PB 2 carry what is read here; every other block is skipped by its length.
 */

import type { CaptureInfo } from '../types';

export type CaptureFormat = CaptureInfo['format'];

export interface CapturedPacket {
  /** The link layer's number (LINKTYPE_*: 1 Ethernet, 113 Linux cooked, 101 raw IP, …). */
  readonly linkType: number;
  /** ms since the Unix epoch, or NaN when the block has no time (pcapng simple packet). */
  readonly time: number;
  readonly data: Uint8Array;
}

export interface CaptureContainer {
  readonly format: CaptureFormat;
  readonly packets: readonly CapturedPacket[];
  /** Why reading stopped before the end of the file, in plain words; null when it read to the end. */
  readonly damage: string | null;
}

const PCAP_US = 0xa1b2c3d4;
const PCAP_NS = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/** Which container the bytes start with, or null when they are not a capture. */
export function captureFormatOf(bytes: Uint8Array): CaptureFormat | null {
  if (bytes.length < 12) return null;
  const view = viewOf(bytes);
  const be = view.getUint32(0, false);
  const le = view.getUint32(0, true);
  if (be === PCAP_US || be === PCAP_NS || le === PCAP_US || le === PCAP_NS) return 'pcap';
  if (be === PCAPNG_SHB) {
    const order = view.getUint32(8, true);
    if (order === BYTE_ORDER_MAGIC || view.getUint32(8, false) === BYTE_ORDER_MAGIC) return 'pcapng';
  }
  return null;
}

/**
 * Where packets go as they are read: an array (readCaptureFile), or a consumer that handles each one at once so a
 * large capture never holds an object per packet.
 */
export interface PacketSink {
  push(p: CapturedPacket): unknown;
  readonly length: number;
}

export interface ContainerRead {
  readonly format: CaptureFormat;
  readonly damage: string | null;
}

/** Reads every packet into `sink`; null when the bytes are not a capture. */
export function readCaptureInto(bytes: Uint8Array, sink: PacketSink): ContainerRead | null {
  const format = captureFormatOf(bytes);
  if (format === null) return null;
  return format === 'pcap' ? readPcap(bytes, sink) : readPcapng(bytes, sink);
}

export function readCaptureFile(bytes: Uint8Array): CaptureContainer | null {
  const packets: CapturedPacket[] = [];
  const read = readCaptureInto(bytes, packets);
  return read === null ? null : { ...read, packets };
}

const viewOf = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

function readPcap(bytes: Uint8Array, packets: PacketSink): ContainerRead {
  const view = viewOf(bytes);
  const magicLe = view.getUint32(0, true);
  const le = magicLe === PCAP_US || magicLe === PCAP_NS;
  const nano = (le ? magicLe : view.getUint32(0, false)) === PCAP_NS;
  if (bytes.length < 24) return { format: 'pcap', damage: 'the file ends inside its 24-byte header' };
  // The top bits of the link-type field carry an FCS length on some writers; the type is the low 16 bits.
  const linkType = view.getUint32(20, le) & 0xffff;
  let at = 24;
  while (at < bytes.length) {
    if (at + 16 > bytes.length) return { format: 'pcap', damage: `the file ends inside the header of packet ${packets.length + 1}` };
    const sec = view.getUint32(at, le);
    const frac = view.getUint32(at + 4, le);
    const caught = view.getUint32(at + 8, le);
    const start = at + 16;
    if (start + caught > bytes.length) {
      packets.push({ linkType, time: sec * 1000 + (nano ? frac / 1e6 : frac / 1e3), data: bytes.subarray(start) });
      return { format: 'pcap', damage: `the file ends inside packet ${packets.length}: ${bytes.length - start} of its ${caught} bytes are there` };
    }
    packets.push({ linkType, time: sec * 1000 + (nano ? frac / 1e6 : frac / 1e3), data: bytes.subarray(start, start + caught) });
    at = start + caught;
  }
  return { format: 'pcap', damage: null };
}

interface NgInterface {
  readonly linkType: number;
  /** Timestamp units per ms (a division keeps whole-ms times exact; a multiplication by 1e-6 did not). */
  readonly unitsPerMs: number;
}

function readPcapng(bytes: Uint8Array, packets: PacketSink): ContainerRead {
  const view = viewOf(bytes);
  let le = true;
  let interfaces: NgInterface[] = [];
  let at = 0;
  while (at + 12 <= bytes.length) {
    if (view.getUint32(at, false) === PCAPNG_SHB) {
      // A new section may switch byte order and starts a new interface list.
      le = view.getUint32(at + 8, true) === BYTE_ORDER_MAGIC;
      interfaces = [];
    }
    const type = view.getUint32(at, le);
    const length = view.getUint32(at + 4, le);
    if (length < 12 || length % 4 !== 0) return { format: 'pcapng', damage: `a block at byte ${at} has an impossible length (${length})` };
    const end = at + length;
    const cut = end > bytes.length;
    const bodyEnd = Math.min(end - 4, bytes.length);
    switch (type) {
      case 1:
        if (at + 16 <= bytes.length) interfaces.push({ linkType: view.getUint16(at + 8, le), unitsPerMs: interfaceResolution(view, at + 16, bodyEnd, le) });
        break;
      case 6:
        if (at + 28 <= bytes.length) packets.push(packetBlock(bytes, view, at, bodyEnd, le, interfaces, false));
        break;
      case 2:
        if (at + 28 <= bytes.length) packets.push(packetBlock(bytes, view, at, bodyEnd, le, interfaces, true));
        break;
      case 3:
        if (at + 12 <= bytes.length) {
          const data = bytes.subarray(at + 12, Math.min(bodyEnd, at + 12 + view.getUint32(at + 8, le)));
          packets.push({ linkType: interfaces[0]?.linkType ?? 1, time: Number.NaN, data });
        }
        break;
      default:
        break;
    }
    if (cut) return { format: 'pcapng', damage: `the file ends inside a block at byte ${at} (${length} bytes long, ${bytes.length - at} there)` };
    at = end;
  }
  const damage = at < bytes.length ? `the file ends inside a block header at byte ${at}` : null;
  return { format: 'pcapng', damage };
}

/**
 * An enhanced (6) or obsolete (2) packet block: the same layout after the interface id, which is 32 bits in the
 * first and 16 (then a drop count) in the second.
 */
function packetBlock(bytes: Uint8Array, view: DataView, at: number, bodyEnd: number, le: boolean, ifs: readonly NgInterface[], obsolete: boolean): CapturedPacket {
  const itf = ifs[obsolete ? view.getUint16(at + 8, le) : view.getUint32(at + 8, le)];
  const time = ngTime(view.getUint32(at + 12, le), view.getUint32(at + 16, le), itf?.unitsPerMs ?? 1e3);
  const caught = view.getUint32(at + 20, le);
  const start = at + 28;
  return { linkType: itf?.linkType ?? 1, time, data: bytes.subarray(start, Math.min(start + caught, bodyEnd)) };
}

/**
 * ms from a 64-bit stamp in two halves. Nanoseconds since 1970 pass 2^53, where a double drops units: the whole
 * ms are divided out in BigInt, so a stamp on a whole ms stays one.
 */
function ngTime(high: number, low: number, unitsPerMs: number): number {
  if (high < 0x20_0000 || !Number.isInteger(unitsPerMs)) return (high * 2 ** 32 + low) / unitsPerMs;
  const units = (BigInt(high) << 32n) | BigInt(low);
  const per = BigInt(unitsPerMs);
  return Number(units / per) + Number(units % per) / unitsPerMs;
}

/** Units per ms from the `if_tsresol` option (code 9) of an IDB: 10^-n or, with the top bit set, 2^-n seconds; default µs. */
function interfaceResolution(view: DataView, from: number, to: number, le: boolean): number {
  let at = from;
  while (at + 4 <= to) {
    const code = view.getUint16(at, le);
    const length = view.getUint16(at + 2, le);
    if (code === 0) break;
    if (code === 9 && length >= 1 && at + 4 < to) {
      const v = view.getUint8(at + 4);
      return (v & 0x80) !== 0 ? 2 ** (v & 0x7f) / 1000 : 10 ** (v - 3);
    }
    at += 4 + Math.ceil(length / 4) * 4;
  }
  return 1e3;
}
