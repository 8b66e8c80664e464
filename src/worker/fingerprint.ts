/**
 * A short content fingerprint of a log file, carried in the URL as `log=` so that, after a reload, the app can
 * tell whether the file dropped again is the one the view was built on. Not a security hash: FNV-1a (32 bit)
 * over every byte, seeded with the length, is fast enough for 100 MB in the worker and collisions only cost a
 * missed warning.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Eight lower-case hex digits, e.g. `3f9a01c2`. */
export function fingerprintBytes(bytes: Uint8Array): string {
  let h = (FNV_OFFSET ^ bytes.length) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i] ?? 0;
    h = Math.imul(h, FNV_PRIME);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** True for strings `fingerprintBytes` can produce; the URL codec uses it to reject junk. */
export function isFingerprint(s: string): boolean {
  return /^[0-9a-f]{8}$/.test(s);
}
