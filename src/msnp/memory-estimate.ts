/**
 * How much memory parsing a file will take, told from its first bytes: what the app reads before it lets a large
 * file into a tab (src/state/log-slice.ts), since a tab that runs out of memory crashes instead of explaining.
 *
 * The file's bytes are kept, once; the rest goes by what the lines are. Each message costs its columns, its share
 * of the connections and what the findings keep; any other line (a payload line, noise) costs its place in the
 * line table and little more. Measured in Chromium's worker on 100 MB logs (`npm run bench`, and `--shapes
 * --shape-size 100M`), the peak came to:
 * - 2.4–2.7× the file on client logs of sessions (libpurple, bare transcript): ~95–110 bytes a message;
 * - 6.4× on an Escargot server log of sign-ins: ~210 bytes a message, most of it the sign-ins' ladders, each
 *   rebuilt step by step and kept with its finding;
 * - 5.3× on a server log grepped for 800 (lines of 15 bytes, one message each): ~65 bytes a message;
 * - 5.5× on a file of nothing but unreadable lines of 4 bytes: ~18 bytes a line.
 * The estimate takes 95 bytes a message (225 on a server's log) and 25 an other line: above what was measured
 * except on the client logs, where the 1 GB ceiling holds anyway. The head is parsed as the whole file will be,
 * and what it holds per byte is taken for the whole file.
 */
import { dialectById } from './dialects/index';
import { parseLog } from './parse-log';
import type { DialectId } from './types';

const MESSAGE_BYTES = 95;
const SERVER_MESSAGE_BYTES = 225;
const OTHER_LINE_BYTES = 25;

/** The head this looks at: enough lines to see what they are, small enough to parse in a moment. */
export const ESTIMATE_HEAD_BYTES = 64 * 1024;

export interface MemoryEstimate {
  /** Peak memory of the parse over the file's size. */
  readonly factor: number;
  /** Bytes per line in the head. */
  readonly lineBytes: number;
  /** The head reads as a server's log (a dialect whose connections are each somebody's sign-in). */
  readonly serverLog: boolean;
}

/**
 * The estimate for a file that starts with `head` (its first ESTIMATE_HEAD_BYTES, or all of it), read as
 * `dialect` when the user chose one.
 */
export function estimateParseMemory(head: Uint8Array, dialect?: DialectId): MemoryEstimate {
  const r = parseLog(head, dialect === undefined ? {} : { dialect });
  const read = r.detection.dialect;
  const serverLog = read !== null && dialectById(read).serverLog === true;
  const lines = r.input.lines;
  const messages = r.events.length;
  const perLine = (messages * (serverLog ? SERVER_MESSAGE_BYTES : MESSAGE_BYTES) + (lines - messages) * OTHER_LINE_BYTES) / Math.max(1, head.length);
  return { factor: 1 + perLine, lineBytes: lines === 0 ? head.length : head.length / lines, serverLog };
}
