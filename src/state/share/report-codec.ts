/**
 * The report payload codec: a shared report (redacted log + name + note + redaction manifest) ⇄ one
 * URL-safe token, `1.<checksum>.<base64url(deflate(json))>`. The same token is the `report=` value of a
 * report link and the body of a `.msnp-report` file.
 *
 * A token is untrusted input: `decodeReport` never throws. A cut-off, hand-edited or corrupted token, a newer
 * or unknown format version, and a payload that would inflate past a cap (a decompression bomb) each come back
 * as a plain-words message. Inflation is streamed in small input slices with a running output count, so a
 * bomb is refused long before it can fill memory.
 */
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { fingerprintBytes } from '../../worker/client';
import { isRedactKind, REDACT_KINDS, type RedactKind, type RedactManifest } from '../../msnp/redact';
import { decodeBase64Url, encodeBase64Url } from './base64url';

export const REPORT_FORMAT_VERSION = 1 as const;

export interface SharedReport {
  /** A title the sender gave the report; shown as a header. May be ''. */
  readonly name: string;
  readonly note: string;
  /** The name the log is opened under. */
  readonly fileName: string;
  /** The log text, redacted unless the sender switched every kind off (then the manifest says so). */
  readonly log: string;
  readonly manifest: RedactManifest;
}

export type ReportDecode =
  | { readonly kind: 'ok'; readonly report: SharedReport }
  | { readonly kind: 'damaged'; readonly message: string }
  | { readonly kind: 'newer-version'; readonly version: number; readonly message: string }
  | { readonly kind: 'unknown-version'; readonly message: string }
  | { readonly kind: 'too-large'; readonly message: string };

export interface DecodeLimits {
  /** Longest token accepted, in characters. */
  readonly maxTokenChars: number;
  /** Most bytes the payload may inflate to. */
  readonly maxInflatedBytes: number;
}

const MB = 1024 * 1024;
/** For links: far above what any browser opens, far below what hurts a tab. */
export const LINK_DECODE_LIMITS: DecodeLimits = { maxTokenChars: 8 * MB, maxInflatedBytes: 32 * MB };
/** For report files, which carry logs too large for a link. */
export const FILE_DECODE_LIMITS: DecodeLimits = { maxTokenChars: 64 * MB, maxInflatedBytes: 160 * MB };

const MAX_NAME = 200;
const MAX_NOTE = 4000;
const INFLATE_SLICE = 1024;

/** Encodes a report as a token. Deterministic for equal reports. */
export function encodeReport(report: SharedReport): string {
  const json = JSON.stringify({
    v: REPORT_FORMAT_VERSION,
    name: report.name,
    note: report.note,
    file: report.fileName,
    log: report.log,
    manifest: report.manifest,
  });
  const bytes = strToU8(json);
  const packed = deflateSync(bytes, { level: 9 });
  return `${REPORT_FORMAT_VERSION}.${fingerprintBytes(bytes)}.${encodeBase64Url(packed)}`;
}

const mb = (n: number): string => `${(n / MB).toFixed(n < 10 * MB ? 1 : 0)} MB`;

function damaged(why: string): ReportDecode {
  return { kind: 'damaged', message: `This report link is damaged: ${why}. Ask the sender for the link again, or for the .msnp-report file.` };
}

/** Decodes a token from a link or a file. Never throws. */
export function decodeReport(token: string, limits: DecodeLimits = LINK_DECODE_LIMITS): ReportDecode {
  try {
    return decodeChecked(token.trim(), limits);
  } catch (err: unknown) {
    return damaged(`it could not be read (${err instanceof Error ? err.message : String(err)})`);
  }
}

function decodeChecked(token: string, limits: DecodeLimits): ReportDecode {
  if (token.length > limits.maxTokenChars) {
    return { kind: 'too-large', message: `This report is too large to open here (${mb(token.length)} of data; the limit is ${mb(limits.maxTokenChars)}).` };
  }
  const [version, checksum, data, ...rest] = token.split('.');
  const versionCheck = checkVersion(version ?? '');
  if (versionCheck) return versionCheck;
  if (checksum === undefined || data === undefined || rest.length > 0 || !/^[0-9a-f]{8}$/.test(checksum)) {
    return damaged('its parts are missing or out of shape');
  }
  const decoded = decodeBase64Url(data);
  if (decoded.kind === 'bad') return damaged(decoded.message);
  const inflated = inflateCapped(decoded.bytes, limits.maxInflatedBytes);
  if (inflated.kind !== 'ok') return inflated.kind === 'too-large' ? inflated : damaged(inflated.message);
  if (fingerprintBytes(inflated.bytes) !== checksum) return damaged('its contents do not match its checksum (it was cut off or changed)');
  return readReportJson(strFromU8(inflated.bytes));
}

function checkVersion(version: string): ReportDecode | null {
  if (!/^\d{1,6}$/.test(version)) {
    return { kind: 'unknown-version', message: `This is not a report link this app knows (format “${version.slice(0, 20)}”).` };
  }
  const n = Number(version);
  if (n > REPORT_FORMAT_VERSION) {
    return {
      kind: 'newer-version',
      version: n,
      message: `This report was made by a newer version of MSNP Log Analyzer (report format v${n}; this one reads v${REPORT_FORMAT_VERSION}). Open it with an up-to-date copy of the app.`,
    };
  }
  if (n < 1) return { kind: 'unknown-version', message: `This report has an unknown format version (v${n}).` };
  return null;
}

type Inflated =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | { readonly kind: 'too-large'; readonly message: string }
  | { readonly kind: 'bad'; readonly message: string };

/** Streams the inflate in small slices and stops as soon as the output passes `cap`. */
function inflateCapped(packed: Uint8Array, cap: number): Inflated {
  const parts: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total <= cap) parts.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < packed.length; at += INFLATE_SLICE) {
      const end = Math.min(packed.length, at + INFLATE_SLICE);
      inflater.push(packed.subarray(at, end), end === packed.length);
      if (total > cap) {
        return { kind: 'too-large', message: `This report would unpack to more than ${mb(cap)}, so it was refused (it is malformed or made to exhaust memory).` };
      }
    }
  } catch (err: unknown) {
    return { kind: 'bad', message: `its compressed data is broken (${err instanceof Error ? err.message : String(err)})` };
  }
  if (!ended || packed.length === 0) return { kind: 'bad', message: 'its compressed data ends too early (it was probably cut off)' };
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  return { kind: 'ok', bytes };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

function readReportJson(json: string): ReportDecode {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return damaged('its contents are not readable');
  }
  if (!isRecord(raw)) return damaged('its contents are not a report');
  const { name, note, file, log } = raw;
  if (typeof name !== 'string' || typeof note !== 'string' || typeof file !== 'string' || typeof log !== 'string') {
    return damaged('its contents are not a report');
  }
  const manifest = readManifest(raw.manifest);
  if (manifest === null) return damaged('its redaction record is missing or out of shape');
  return {
    kind: 'ok',
    report: { name: name.slice(0, MAX_NAME), note: note.slice(0, MAX_NOTE), fileName: file.slice(0, MAX_NAME) || 'shared report.log', log, manifest },
  };
}

function readKindRecord<T>(x: unknown, ok: (v: unknown) => v is T): Record<RedactKind, T> | null {
  if (!isRecord(x)) return null;
  const out = {} as Record<RedactKind, T>;
  for (const k of REDACT_KINDS) {
    const v = x[k];
    if (!ok(v)) return null;
    out[k] = v;
  }
  return Object.keys(x).every(isRedactKind) ? out : null;
}

function readManifest(x: unknown): RedactManifest | null {
  if (!isRecord(x) || x.v !== 1) return null;
  const selection = readKindRecord(x.selection, (v): v is boolean => typeof v === 'boolean');
  const counts = readKindRecord(x.counts, isCount);
  const rewrites = x.lengthsRewritten;
  if (!selection || !counts || !Array.isArray(rewrites) || !isCount(x.linesChanged) || !isCount(x.unlocated)) return null;
  const lengthsRewritten = [];
  for (const r of rewrites as unknown[]) {
    if (!isRecord(r) || !isCount(r.line) || !isCount(r.from) || !isCount(r.to)) return null;
    lengthsRewritten.push({ line: r.line, from: r.from, to: r.to });
  }
  return { v: 1, selection, counts, lengthsRewritten, linesChanged: x.linesChanged, unlocated: x.unlocated };
}
