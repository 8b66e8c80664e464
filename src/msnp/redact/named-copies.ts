/**
 * Copies of a SHORT secret (a session id `123`, a salt `4Kq`, a cookie `77`) away from the command that carries it.
 *
 * Why the rule is what it is: a value of a few characters has no shape of its own. `123` is as likely a TrId, a
 * payload length, a byte count in a note or a word of chat as a copy of the session id, so replacing it wherever it
 * occurs would change the analysis (a rewritten TrId pairs differently) and hide text that is not personal. Longer
 * values do not recur by chance, and redact.ts replaces them anywhere as whole tokens. A short one is replaced only
 * where the text itself says what it is, in the places the protocol and the log writers put such values:
 *   - a MIME or SLP header inside a payload: `Session-ID: 123`, papyon `    SessionID: '123'\r\n`;
 *   - a URL or `key=value` parameter: `gateway.dll?SessionID=123&Action=poll`;
 *   - a note line of the log's writer: `nonce '4Kq'`, `New switchboard session 3141`, `challenge 73a answered`.
 * and only as a whole value: `1234`, `123abc` or `1.123` is no copy of `123`. The command lines themselves are
 * handled by position (secrets.ts), chat text is the message kind's (a `123` there stays unless bodies go).
 */
import type { LogEvent, NonProtocolLine } from '../types';
import type { EditMap } from './edits';
import { addEdit } from './edits';
import { SHAPE_KIND, type PseudoShape, type Pseudonyms } from './pseudonyms';

// Words that name a secret, with what may stand between them and the value: `Session-ID: `, `SessionID='`,
// `nonce '`, `switchboard session `, `CKI `, `sid=`. A header or parameter name only has to contain the word
// (`Invitation-Cookie`, `X-MSN-SessionID`).
const NAMED_BEFORE_RE =
  /(?:session|sessid|sid|cookie|cki|switchboard|nonce|salt|challenge|chl|ticket|token|response|hash)[A-Za-z_-]*(?:[ _-]?id)?\s*['"]?\s*[:=#]?\s*['"]?$/i;
/** How far before a value its name may start. */
const NAME_WINDOW = 40;

const isAlnum = (c: string): boolean => /[A-Za-z0-9]/.test(c);
// A value continues through `.`, `-`, `_`, `@`, `%`, `/`, `+` when an alphanumeric follows (`123.45`, `123-a`).
const JOINERS = '.-_@%/+';

function isWholeValue(line: string, start: number, end: number): boolean {
  const before = line.charAt(start - 1);
  const after = line.charAt(end);
  if (before !== '' && (isAlnum(before) || JOINERS.includes(before))) return false;
  if (after === '' || !(isAlnum(after) || JOINERS.includes(after))) return true;
  return !isAlnum(line.charAt(end + 1)) && !isAlnum(after);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** 0-based indices of the lines to look at: payload bodies shown below their header, and the log's other lines. */
function namedCopyLines(events: readonly LogEvent[], nonProtocol: readonly NonProtocolLine[]): number[] {
  const out: number[] = [];
  for (const e of events) {
    const p = e.payload;
    if (!p || p.firstLine === null || p.lastLine === null || p.firstLine <= e.line) continue;
    for (let l = p.firstLine; l <= p.lastLine; l++) out.push(l - 1);
  }
  for (const np of nonProtocol) if (np.reason !== 'blank') out.push(np.line - 1);
  return out;
}

/** Adds edits for every named, whole copy of a short secret (`shorts`: value → shape, as found by position). */
export function scanNamedCopies(
  events: readonly LogEvent[],
  nonProtocol: readonly NonProtocolLine[],
  lines: readonly string[],
  shorts: ReadonlyMap<string, PseudoShape>,
  priority: number,
  names: Pseudonyms,
  edits: EditMap,
): void {
  if (shorts.size === 0) return;
  const any = new RegExp([...shorts.keys()].sort((a, b) => b.length - a.length).map(escapeRe).join('|'), 'g');
  for (const i of namedCopyLines(events, nonProtocol)) {
    const line = lines[i] ?? '';
    for (const m of line.matchAll(any)) {
      const value = m[0];
      const shape = shorts.get(value);
      const end = m.index + value.length;
      if (shape === undefined || !isWholeValue(line, m.index, end)) continue;
      if (!NAMED_BEFORE_RE.test(line.slice(Math.max(0, m.index - NAME_WINDOW), m.index))) continue;
      addEdit(edits, i, { start: m.index, end, replacement: names.assign(shape, value), kind: SHAPE_KIND[shape], priority });
    }
  }
}
