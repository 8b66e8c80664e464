/**
 * Whether a timeline row offers its payload inline (the ▸ button), and what the expanded row says when the log
 * has no body text to show. A payload of 0 declared bytes (`UUX 11 0`) has nothing to open: its button only led
 * to "(full payload, 0 bytes declared)". A body the log does not show says so in words rather than in the
 * core's visibility names ("(summary payload, …)").
 */
import type { Payload } from '../../msnp/types';
import { plural } from '../shared/format';

export function offersPayload(payload: Payload | null): payload is Payload {
  if (payload === null || payload.visibility === 'hidden') return false;
  return payload.text !== '' || payload.declaredBytes > 0;
}

/** The expanded row's text: the body, or why there is none to show. */
export function payloadRowText(payload: Payload): string {
  if (payload.text !== '') return payload.text;
  const declared = plural(payload.declaredBytes, 'byte');
  // No text at all: whatever the visibility says, the log shows none of the body.
  return payload.visibility === 'summary' ? `(${declared} declared; the log sums the body up elsewhere)` : `(${declared} declared; the log shows none of the body)`;
}
