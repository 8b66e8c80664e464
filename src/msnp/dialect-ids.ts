/**
 * The dialect ids as a runtime list, for code that reads an id from outside (a link's `fmt=`): a record keyed by
 * `DialectId`, so adding a dialect to the union without listing it here fails typecheck.
 */
import type { DialectId } from './types';

const DIALECT_ID_RECORD: Readonly<Record<DialectId, true>> = {
  transcript: true,
  doc: true,
  libpurple: true,
  papyon: true,
  amsn: true,
  escargot: true,
  miranda: true,
  capture: true,
};

/** True for the id of a dialect this version reads. */
export function isDialectId(s: string): s is DialectId {
  return Object.hasOwn(DIALECT_ID_RECORD, s);
}
