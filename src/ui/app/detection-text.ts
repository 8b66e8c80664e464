/**
 * What detection finds, also while the user forces a format: the core ranks every dialect on the head lines in
 * both cases, so the format detection would pick is the best-ranked one with any match, whatever was forced.
 */
import type { Detection, DialectCandidate, DialectId } from '../../msnp/types';

/** The format detection picks for this file (forced or not), or null when no format matches a line. */
export function detectedDialect(detection: Detection): DialectId | null {
  return detectedCandidate(detection)?.dialect ?? null;
}

export function detectedCandidate(detection: Detection): DialectCandidate | null {
  const best = detection.candidates[0];
  return best !== undefined && best.confidence > 0 ? best : null;
}
