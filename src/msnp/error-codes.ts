/**
 * The error catalog: every numeric MSNP error code the analyzer can name, with what it means, what usually
 * triggers it, how versions differ and whether the server hangs up afterwards.
 *
 * Facts come from the seed error list (`seeds/000_…txt`) and msnp-protocol.md §9; the wording is ours.
 * An unknown code is never dropped: `lookupError` returns an entry with `known: false`.
 */
import type { ErrorClass, ErrorRef } from './types';
import { ERROR_CATALOG_ENTRIES } from './error-catalog';

/** Whether the server closes the connection after sending the code. */
export type ClosesConnection = 'always' | 'sometimes' | 'no';

export interface ErrorCodeInfo {
  readonly code: number;
  /** Identifier in the style the clients use, e.g. `ERR_INVALID_PARAMETER`. */
  readonly name: string;
  /** Short human title, e.g. 'Invalid parameter'. */
  readonly title: string;
  readonly class: ErrorClass;
  /** What the code means, in plain words. */
  readonly meaning: string;
  /** Commands or situations that typically draw it (`CHG … FLN`, `USR … S ticket`). */
  readonly triggers: readonly string[];
  readonly versionNote?: string;
  readonly closesConnection: ClosesConnection;
  /** The seed lists the code but says nobody has ever seen it sent. */
  readonly neverSeen: boolean;
  /** Listed in the seed's error list (false: only in the wider references, msnp-protocol.md §9). */
  readonly inSeed: boolean;
  /** The error line may carry a payload (`241 12 142` + `<ml>` XML). */
  readonly mayCarryPayload?: boolean;
}

/** The error catalog, keyed by code. */
export const ERROR_CATALOG: ReadonlyMap<number, ErrorCodeInfo> = new Map(
  ERROR_CATALOG_ENTRIES.map((e) => [e.code, e]),
);

/** Every catalog entry in code order (for the UI's reference list). */
export const ERROR_CODES: readonly ErrorCodeInfo[] = [...ERROR_CATALOG.values()].sort((a, b) => a.code - b.code);

/** The class of a numeric code: 911 → '9xx'. Codes outside 200–999 are put in the nearest class. */
export function classOfCode(code: number): ErrorClass {
  const hundreds = Math.min(9, Math.max(2, Math.floor(code / 100)));
  return `${hundreds}xx` as ErrorClass;
}

/** Catalog information for a code; an unknown code gets a generic entry marked as not in the catalog. */
export function describeError(code: number): ErrorCodeInfo {
  return ERROR_CATALOG.get(code) ?? unknownInfo(code);
}

function unknownInfo(code: number): ErrorCodeInfo {
  return {
    code,
    name: 'unknown error',
    title: `Unknown error ${code}`,
    class: classOfCode(code),
    meaning: `The server answered with error ${code}, which is not in the analyzer's catalog.`,
    triggers: [],
    closesConnection: 'no',
    neverSeen: false,
    inSeed: false,
  };
}

const REF_CACHE = new Map<number, ErrorRef>();

/**
 * The ErrorRef an event carries for a code: name and class from the catalog, `known: false` for a code the
 * catalog lacks. Shared per code, so a million error lines cost one object per distinct code.
 */
export function lookupError(code: number): ErrorRef {
  const cached = REF_CACHE.get(code);
  if (cached !== undefined) return cached;
  const info = ERROR_CATALOG.get(code);
  const ref: ErrorRef = info === undefined
    ? { code, name: 'unknown error', class: classOfCode(code), known: false }
    : { code, name: info.name, class: info.class, known: true };
  REF_CACHE.set(code, ref);
  return ref;
}
