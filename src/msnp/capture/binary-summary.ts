/**
 * What a capture's rendering shows of a payload that is not text (a P2P message: display pictures, emoticons,
 * file transfers): its MIME header block as the text lines it is, and one bracketed line that sums up the binary
 * rest instead of printing it. For MSNP2P version 1 (up to MSNP15) the line reads the 48-byte binary header
 * (session, message id, which bytes of how many, flags, footer) and, on session 0, the first line of the SLP
 * message it carries (`INVITE MSNMSGR:bob@example.com MSNSLP/1.0`), where the transfer's fate is decided.
 *
 * The capture dialect takes a body line that starts with SUMMARY_PREFIX and ends with `]` as the end of the
 * payload: the event's payload is then a summary (no length check), and the line reads back the same from a
 * shared report, whose text is this rendering.
 */

/** The start of a summary line. No MSNP payload line is expected to begin this way. */
export const SUMMARY_PREFIX = '[binary part not shown: ';

/** The MIME header block is looked for in this many bytes; a P2P message's is under 200. */
const HEAD_MAX = 2048;
/** MSNP2P v1: a 48-byte binary header, the data, a 4-byte big-endian footer (the application id). */
const P2P_V1_HEADER = 48;
const P2P_FOOTER = 4;
const SLP_LINE_MAX = 160;

export interface BinarySummary {
  /** End of the text head ([from, headEnd) is shown as lines); `from` when there is none. */
  readonly headEnd: number;
  /** The summary line, without a line end. */
  readonly line: string;
}

/** The head to show and the summary line for payload bytes b[from, to) that are not all text. */
export function summarizeBinary(b: Uint8Array, from: number, to: number, isText: (b: Uint8Array, from: number, to: number) => boolean): BinarySummary {
  const headEnd = textHeadEnd(b, from, to, isText);
  const rest = to - headEnd;
  const head = latin1(b, from, headEnd);
  const parts = [`${rest} ${rest === 1 ? 'byte' : 'bytes'}`];
  if (/content-type:\s*application\/x-msnmsgrp2p/i.test(head)) parts.push(describeP2p(b, headEnd, to, /^p2p-src:/im.test(head)));
  return { headEnd, line: `${SUMMARY_PREFIX}${parts.join('; ')}]` };
}

const STATED_BYTES = /^(\d{1,9}) bytes?(?:;|\]$)/;

/**
 * The count of bytes a summary line says it stands for (`[binary part not shown: 163 bytes; …]` → 163), or −1
 * when the line is not one. The reader takes a line as the summary only when that count is exactly what the
 * payload still lacks, so a chat message that happens to read like one stays text.
 */
export function summaryLineBytes(line: string): number {
  if (!line.startsWith(SUMMARY_PREFIX) || !line.endsWith(']')) return -1;
  const m = STATED_BYTES.exec(line.slice(SUMMARY_PREFIX.length));
  return m?.[1] === undefined ? -1 : Number(m[1]);
}

/** The end of the MIME header block (after its blank line) when it is text, else `from`. */
function textHeadEnd(b: Uint8Array, from: number, to: number, isText: (b: Uint8Array, from: number, to: number) => boolean): number {
  const limit = Math.min(to, from + HEAD_MAX);
  for (let k = from; k + 3 < limit; k++) {
    if (b[k] === 13 && b[k + 1] === 10 && b[k + 2] === 13 && b[k + 3] === 10) return isText(b, from, k + 4) ? k + 4 : from;
  }
  return from;
}

function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) s += String.fromCharCode(b[k] ?? 0);
  return s;
}

/** The P2P part of the summary. Version 2 (MSNP18+, which sends a P2P-Src header) is only named. */
function describeP2p(b: Uint8Array, at: number, to: number, v2: boolean): string {
  if (v2) return 'P2P version 2 packet';
  if (to - at < P2P_V1_HEADER) return `P2P header cut short (${to - at} of ${P2P_V1_HEADER} bytes)`;
  const view = new DataView(b.buffer, b.byteOffset + at, P2P_V1_HEADER);
  const session = view.getUint32(0, true);
  const id = view.getUint32(4, true);
  const offset = Number(view.getBigUint64(8, true));
  const total = Number(view.getBigUint64(16, true));
  const length = view.getUint32(24, true);
  const flags = view.getUint32(28, true);
  const dataStart = at + P2P_V1_HEADER;
  const dataEnd = Math.min(to, dataStart + length);
  const out = [`P2P session ${session}, message ${id}`];
  out.push(length === 0 ? `no data (of ${total})` : `bytes ${offset}-${offset + length} of ${total}`);
  out.push(`flags 0x${flags.toString(16).padStart(2, '0')}${flagWords(flags)}`);
  const footerAt = dataStart + length;
  if (footerAt + P2P_FOOTER <= to) out.push(`footer ${new DataView(b.buffer, b.byteOffset + footerAt, P2P_FOOTER).getUint32(0, false)}`);
  const slp = session === 0 && offset === 0 ? slpLine(b, dataStart, dataEnd) : null;
  return slp === null ? out.join(', ') : `${out.join(', ')}; SLP: ${slp}`;
}

function flagWords(flags: number): string {
  switch (flags) {
    case 0x02: return ' (acknowledgement)';
    case 0x08: return ' (error)';
    case 0x20: return ' (display picture or emoticon data)';
    case 0x01000030: return ' (file data)';
    default: return '';
  }
}

/** The first line of an SLP message (`INVITE …`, `MSNSLP/1.0 200 OK`, `BYE …`) when it is printable ASCII. */
function slpLine(b: Uint8Array, from: number, to: number): string | null {
  let end = from;
  while (end < to && end - from < SLP_LINE_MAX && b[end] !== 13 && b[end] !== 10) {
    const c = b[end] ?? 0;
    if (c < 32 || c > 126) return null;
    end++;
  }
  const line = latin1(b, from, end);
  return /^(?:INVITE|BYE|ACK|MSNSLP\/\d\.\d \d{3})\b/.test(line) ? line : null;
}
