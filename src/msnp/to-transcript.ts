/**
 * Writes parsed messages back as a bare `>>>`/`<<<` transcript (dialect A): one line per message, the payload
 * body the log showed on the following lines. Whatever dialect a log came in, this is its normal form; reading
 * the output again gives the same messages (a property the tests check), and it is what a user copies out.
 */
import type { LogEvent } from './types';

/** The transcript text of some events, `\n`-terminated lines. */
export function toTranscript(events: readonly LogEvent[]): string {
  const out: string[] = [];
  for (const e of events) {
    out.push(`${e.direction === 'server' ? '<<<' : '>>>'} ${e.raw}`);
    const p = e.payload;
    if (p !== null && p.text !== '' && (p.visibility === 'full' || p.visibility === 'partial')) out.push(...p.text.split(/\r\n|\r|\n/));
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
