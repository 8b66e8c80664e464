/** Plain-words summary of a redaction manifest: "14 addresses, 3 tickets and nonces, 40 message bodies replaced". */
import type { RedactManifest } from '../redact';
import { REDACT_KIND_LABELS, REDACT_KINDS } from './kinds';

/** One sentence naming what was replaced, then what was left as written (never silently). */
export function describeManifest(m: RedactManifest): string {
  const replaced = REDACT_KINDS.filter((k) => m.selection[k] && m.counts[k] > 0).map((k) => {
    const n = m.counts[k];
    const label = REDACT_KIND_LABELS[k];
    return `${n} ${n === 1 ? label.one : label.many}`;
  });
  const parts = [replaced.length > 0 ? `${replaced.join(', ')} replaced` : 'Nothing needed replacing'];
  const lengths = m.lengthsRewritten.length;
  if (lengths > 0) parts.push(`${lengths} payload length${lengths === 1 ? '' : 's'} rewritten to match`);
  const off = REDACT_KINDS.filter((k) => !m.selection[k]).map((k) => REDACT_KIND_LABELS[k].checklist.toLowerCase());
  if (off.length > 0) parts.push(`Not redacted: ${off.join('; ')}`);
  if (m.unlocated > 0) parts.push(`${m.unlocated} value${m.unlocated === 1 ? '' : 's'} could not be located and stayed as written`);
  return `${parts.join('. ')}.`;
}
