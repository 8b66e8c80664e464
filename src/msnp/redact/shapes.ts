/**
 * Values recognisable by their shape alone, anywhere in the file (protocol lines, payloads, debug prose):
 * e-mail addresses, GUIDs, IPv4 addresses, switchboard cookies, `t=…&p=…` Passport tickets and the XML
 * elements that carry personal messages. Matching by shape everywhere is what makes "no trace" hold for the
 * copies of a value that debug lines repeat (`Logging on … nonce '…'`, `New switchboard session <cookie>`).
 */
import type { EditMap } from './edits';
import { addEdit } from './edits';
import type { RedactSelection } from './kinds';
import type { Pseudonyms } from './pseudonyms';

/** Addresses that are protocol constants, not people: the QRY product id (`QRY 1 msmsgs@msnmsgr.com 32`). */
const SERVICE_ADDRESSES: ReadonlySet<string> = new Set(['msmsgs@msnmsgr.com']);

// `USR 3 TWN I bob_1@hotmail.com`, `[email]bob@x.com[/email]`, `1:bob@x.com;{guid}`
const ADDRESS_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
// `;{e655213e-f4a9-4d23-8ff7-00f2189ec04f}`, `<MachineGuid>{…}</MachineGuid>`, `nonce>e559d11e-…`
const GUID_RE = /(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f])/g;
// `XFR 3 NS 207.46.124.151:1863 0 64.4.50.62:1863` (the port stays); not part of `1.2.3.4.5` version strings
const IP_RE = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\d|\.\d)/g;
// `CKI 924023575.140242124.23015820`, `Leaving switchboard 1258163659.107158241.117114203`
const SB_COOKIE_RE = /(?<![\w.])\d{6,}\.\d{6,}\.\d{4,}(?!\w|\.\d)/g;
// `USR 7 TWN S t=9YYa!qOc…&p=9zKX…$$` (p may be empty: `…=&p= HAAA…`)
const TICKET_RE = /(?<![\w])t=([^\s&]+)&p=([^\s&]*)/g;
// `<Data><PSM>on holiday</PSM><CurrentMedia>…</CurrentMedia>`, MSNP18 `<EpName>HOME-PC</EpName>`
const PERSONAL_XML_RE = /<(PSM|CurrentMedia|EpName|FriendlyName|DisplayName)>([^<]+)<\/\1>/g;

const PRIORITY_SHAPE = 10;

function isIp(m: RegExpExecArray): boolean {
  return [m[1], m[2], m[3], m[4]].every((o) => o !== undefined && Number(o) <= 255);
}

/** Adds edits for every shape-recognised value on one line. */
export function scanShapes(
  line: string,
  index: number,
  sel: RedactSelection,
  names: Pseudonyms,
  edits: EditMap,
): void {
  if (sel.address) {
    for (const m of line.matchAll(ADDRESS_RE)) {
      if (SERVICE_ADDRESSES.has(m[0].toLowerCase())) continue;
      const at = m.index;
      addEdit(edits, index, { start: at, end: at + m[0].length, replacement: names.assign('address', m[0]), kind: 'address', priority: PRIORITY_SHAPE });
    }
  }
  if (sel.guid) {
    for (const m of line.matchAll(GUID_RE)) {
      const at = m.index;
      addEdit(edits, index, { start: at, end: at + m[0].length, replacement: names.assign('guid', m[0]), kind: 'guid', priority: PRIORITY_SHAPE });
    }
  }
  if (sel.ip) {
    for (const m of line.matchAll(IP_RE)) {
      if (!isIp(m)) continue;
      const at = m.index;
      addEdit(edits, index, { start: at, end: at + m[0].length, replacement: names.assign('ip', m[0]), kind: 'ip', priority: PRIORITY_SHAPE });
    }
  }
  if (sel.cookie) {
    for (const m of line.matchAll(SB_COOKIE_RE)) {
      const at = m.index;
      addEdit(edits, index, { start: at, end: at + m[0].length, replacement: names.assign('cookie', m[0]), kind: 'cookie', priority: PRIORITY_SHAPE });
    }
  }
  if (sel.ticket) scanTickets(line, index, names, edits);
  if (sel.nickname) scanPersonalXml(line, index, names, edits);
}

function scanTickets(line: string, index: number, names: Pseudonyms, edits: EditMap): void {
  for (const m of line.matchAll(TICKET_RE)) {
    const t = m[1] ?? '';
    const p = m[2] ?? '';
    const tAt = m.index + 2;
    addEdit(edits, index, { start: tAt, end: tAt + t.length, replacement: names.assign('ticket', t), kind: 'ticket', priority: PRIORITY_SHAPE });
    if (p !== '') {
      const pAt = tAt + t.length + 3;
      addEdit(edits, index, { start: pAt, end: pAt + p.length, replacement: names.assign('ticket', p), kind: 'ticket', priority: PRIORITY_SHAPE });
    }
  }
}

function scanPersonalXml(line: string, index: number, names: Pseudonyms, edits: EditMap): void {
  for (const m of line.matchAll(PERSONAL_XML_RE)) {
    const tag = m[1] ?? '';
    const value = m[2] ?? '';
    if (value.trim() === '') continue;
    const at = m.index + tag.length + 2;
    const shape = tag === 'PSM' || tag === 'CurrentMedia' ? 'psm' : 'nick';
    addEdit(edits, index, { start: at, end: at + value.length, replacement: names.assign(shape, value), kind: 'nickname', priority: PRIORITY_SHAPE });
  }
}

/** Lines shorter than this are not hard-wrapped by any log writer we know (Miranda wraps at 90 columns). */
const WRAP_CANDIDATE = 60;
const WINDOW = 80;
// A next line that starts a message of its own (`USR 6 OK …`, `911 3`) is no continuation.
const NEW_RECORD_RE = /^(?:[A-Z]{3}|\d{3})(?:\s|$)/;

/** The width a writer hard-wraps at: the longest line length, when at least two lines have it. Else null. */
function wrapWidth(lines: readonly string[]): number | null {
  let max = 0;
  let count = 0;
  for (const l of lines) {
    if (l.length > max) {
      max = l.length;
      count = 1;
    } else if (l.length === max) count++;
  }
  return max >= WRAP_CANDIDATE && count >= 2 ? max : null;
}

/**
 * Values a log writer hard-wrapped across two lines (Miranda's netlog breaks lines at 90 columns anywhere:
 * `<nonce>e559d11e-c55f-3b21-523b-c2f65` / `25372a7</nonce>`). The whole pseudonym goes where the value starts
 * and the rest of the value is removed from the next line, so a reader that rejoins the lines sees it whole.
 * `startsMessage(i)`: line i is the first line of a parsed message, so nothing was wrapped onto it.
 */
export function scanWrappedShapes(lines: readonly string[], sel: RedactSelection, names: Pseudonyms, edits: EditMap, startsMessage: (i: number) => boolean = () => false): void {
  const shapes: [RegExp, 'address' | 'guid' | 'ip'][] = [];
  if (sel.address) shapes.push([ADDRESS_RE, 'address']);
  if (sel.guid) shapes.push([GUID_RE, 'guid']);
  if (sel.ip) shapes.push([IP_RE, 'ip']);
  const width = wrapWidth(lines);
  if (width === null) return;
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i] ?? '';
    if (a.length !== width || NEW_RECORD_RE.test(lines[i + 1] ?? '') || startsMessage(i + 1)) continue;
    const tail = a.slice(-WINDOW);
    const joined = tail + (lines[i + 1] ?? '').slice(0, WINDOW);
    for (const [re, shape] of shapes) {
      for (const m of joined.matchAll(re)) {
        const end = m.index + m[0].length;
        if (m.index >= tail.length || end <= tail.length) continue;
        if (shape === 'ip' && !isIp(m)) continue;
        if (shape === 'address' && SERVICE_ADDRESSES.has(m[0].toLowerCase())) continue;
        const start = a.length - tail.length + m.index;
        addEdit(edits, i, { start, end: a.length, replacement: names.assign(shape, m[0]), kind: shape, priority: PRIORITY_SHAPE + 1 });
        addEdit(edits, i + 1, { start: 0, end: end - tail.length, replacement: '', kind: shape, priority: PRIORITY_SHAPE + 1 });
      }
    }
  }
}
