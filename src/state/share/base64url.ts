/**
 * base64url (RFC 4648 §5, no padding) for bytes ⇄ URL fragment. Hand-written instead of btoa/atob so that it
 * works the same in node tests, rejects any foreign character with its position instead of guessing, and never
 * builds a giant intermediate "binary string".
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  const chunk: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    const left = bytes.length - i;
    chunk.push(
      ALPHABET.charAt((n >> 18) & 63) +
        ALPHABET.charAt((n >> 12) & 63) +
        (left > 1 ? ALPHABET.charAt((n >> 6) & 63) : '') +
        (left > 2 ? ALPHABET.charAt(n & 63) : ''),
    );
    if (chunk.length >= 4096) {
      out += chunk.join('');
      chunk.length = 0;
    }
  }
  return out + chunk.join('');
}

export type Base64Decode =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | { readonly kind: 'bad'; readonly message: string };

/** Decodes base64url; a stray character or an impossible length is reported, never thrown. */
export function decodeBase64Url(text: string): Base64Decode {
  if (text.length % 4 === 1) return { kind: 'bad', message: 'its data has an impossible length (it was probably cut off)' };
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? (LOOKUP[code] ?? -1) : -1;
    if (v < 0) return { kind: 'bad', message: `its data has a character that does not belong (“${text.charAt(i)}” at position ${i + 1})` };
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return { kind: 'ok', bytes: out.subarray(0, o) };
}
