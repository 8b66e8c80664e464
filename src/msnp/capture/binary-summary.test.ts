import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../line-source';
import { summarizeBinary, summaryLineBytes } from './binary-summary';

// The renderer's own text test: printable, tab, CRLF pairs.
const isText = (b: Uint8Array, from: number, to: number): boolean => {
  for (let k = from; k < to; k++) {
    const c = b[k] ?? 0;
    if ((c >= 32 && c !== 127) || c === 9 || (c === 13 && b[k + 1] === 10) || (c === 10 && b[k - 1] === 13)) continue;
    return false;
  }
  return true;
};

const P2P_HEAD = 'MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: bob@example.com\r\n\r\n';

function p2p(head: string, fill: (v: DataView) => void, data: Uint8Array, footer: number | null): Uint8Array {
  const h = utf8Encode(head);
  const out = new Uint8Array(h.length + 48 + data.length + (footer === null ? 0 : 4));
  out.set(h, 0);
  fill(new DataView(out.buffer, h.length, 48));
  out.set(data, h.length + 48);
  if (footer !== null) new DataView(out.buffer, h.length + 48 + data.length, 4).setUint32(0, footer, false);
  return out;
}

describe('summarizeBinary', () => {
  it('reads a P2P v1 data chunk: which bytes of how many, its flags and footer', () => {
    const data = new Uint8Array(1202).fill(0xab);
    const b = p2p(P2P_HEAD, (v) => {
      v.setUint32(0, 9, true);
      v.setUint32(4, 77, true);
      v.setBigUint64(8, 2404n, true);
      v.setBigUint64(16, 5000n, true);
      v.setUint32(24, 1202, true);
      v.setUint32(28, 0x20, true);
    }, data, 1);
    const s = summarizeBinary(b, 0, b.length, isText);
    expect(s.headEnd).toBe(utf8Encode(P2P_HEAD).length);
    expect(s.line).toBe('[binary part not shown: 1254 bytes; P2P session 9, message 77, bytes 2404-3606 of 5000, flags 0x20 (display picture or emoticon data), footer 1]');
    expect(summaryLineBytes(s.line)).toBe(1254);
  });

  it('says when the binary header is cut short, names version 2, and sums up any other binary payload by size', () => {
    const cut = utf8Encode(`${P2P_HEAD}\u0000\u0001\u0002`);
    expect(summarizeBinary(cut, 0, cut.length, isText).line).toBe('[binary part not shown: 3 bytes; P2P header cut short (3 of 48 bytes)]');
    const v2 = utf8Encode('MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: bob@example.com;{5f7c}\r\nP2P-Src: alice@example.com;{1a2b}\r\n\r\n\u0008\u0000\u0000\u0000');
    expect(summarizeBinary(v2, 0, v2.length, isText).line).toBe('[binary part not shown: 4 bytes; P2P version 2 packet]');
    const other = new Uint8Array([0, 1, 2, 3, 4]);
    expect(summarizeBinary(other, 0, 5, isText)).toEqual({ headEnd: 0, line: '[binary part not shown: 5 bytes]' });
  });

  it('quotes an SLP request only on session 0 and only when it is printable', () => {
    const slp = utf8Encode('MSNSLP/1.0 603 Decline\r\nTo: <msnmsgr:alice@example.com>\r\n\r\n');
    const header = (session: number) => (v: DataView) => {
      v.setUint32(0, session, true);
      v.setBigUint64(16, BigInt(slp.length), true);
      v.setUint32(24, slp.length, true);
    };
    const zero = p2p(P2P_HEAD, header(0), slp, 0);
    expect(summarizeBinary(zero, 0, zero.length, isText).line).toContain('; SLP: MSNSLP/1.0 603 Decline]');
    const b = p2p(P2P_HEAD, header(5), slp, 0);
    expect(summarizeBinary(b, 0, b.length, isText).line).not.toContain('SLP');
  });

  it('is recognised as a summary line only in full, with the count of bytes it stands for', () => {
    expect(summaryLineBytes('[binary part not shown: 3 bytes]')).toBe(3);
    expect(summaryLineBytes('[binary part not shown: 1 byte; P2P version 2 (not decoded)]')).toBe(1);
    expect(summaryLineBytes('[binary part not shown: 3 bytes')).toBe(-1);
    expect(summaryLineBytes('binary part not shown: 3 bytes]')).toBe(-1);
    expect(summaryLineBytes('[binary part not shown: many bytes]')).toBe(-1);
  });
});
