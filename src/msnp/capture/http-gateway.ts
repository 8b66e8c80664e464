/**
 * The MSN HTTP gateway (msnp-protocol.md §8): a client behind a firewall wraps its MSNP in HTTP. It opens a
 * session with `POST /gateway/gateway.dll?Action=open&Server=NS&IP=…`, the reply's `X-MSN-Messenger:
 * SessionID=…; GW-IP=…` header names the session, and every later request carries that SessionID (an empty
 * `Action=poll` asks for what the server has). Request bodies are the client's MSNP bytes, response bodies the
 * server's, concatenated. Each session becomes one MSNP connection here: the bodies, in order, as its two byte
 * streams, so the framing that reads a TCP connection reads it too.
 */
import { utf8Decode } from '../line-source';
import { runAt, type ByteStream, type StreamRun, type TcpConnection } from './tcp-streams';

export interface GatewaySession {
  /** 1-based, in the order sessions open in the capture. */
  readonly number: number;
  /** `NS` or `SB`, from the opening request's `Server=`; null when the capture starts after the opening. */
  readonly server: string | null;
  /** The MSNP server behind the gateway (`IP=` of the opening request), if named. */
  readonly target: string | null;
  /** The gateway's address and the client's, from the TCP connection of the first request. */
  readonly gateway: string;
  readonly client: string;
  readonly firstPacket: number;
  readonly firstTime: number;
  readonly fromClient: ByteStream;
  readonly fromServer: ByteStream;
  /** The packet and time of the response that closed the session (`Session=close`), if any. */
  readonly closed: { readonly packet: number; readonly time: number } | null;
  /** HTTP messages of the session cut short or lost (gaps in the capture): said on the session's lines. */
  readonly unreadable: number;
}

/** Whether a TCP connection carries the gateway: its client speaks HTTP to `/gateway/gateway.dll`. */
export function isGatewayConnection(c: TcpConnection): boolean {
  return /^POST \/gateway\/gateway\.dll\?/.test(utf8Decode(c.fromClient.bytes.subarray(0, 64)));
}

interface HttpMessage {
  readonly firstLine: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly stream: ByteStream;
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly packet: number;
  readonly time: number;
  /** The message is cut short (the capture lost bytes or ended): its body is not all there. */
  readonly cut: boolean;
}

/**
 * Reads the HTTP messages of one direction in order. Bytes the capture lost end the message they fall in (cut);
 * reading goes on at the next line that starts a message of this direction (`POST /gateway/` or `HTTP/1.`).
 * `lost` counts the messages that could not be read at all, as far as a message start was skipped to.
 */
function httpMessages(stream: ByteStream, startsMessage: (b: Uint8Array, at: number) => boolean): { messages: HttpMessage[]; lost: number } {
  const b = stream.bytes;
  const out: HttpMessage[] = [];
  let lost = 0;
  let g = 0;
  let pos = 0;
  while (pos < b.length) {
    const gap = stream.gaps[g];
    if (gap !== undefined && gap.at <= pos) {
      g++;
      pos = nextMessageStart(b, pos, startsMessage);
      continue;
    }
    const limit = gap?.at ?? b.length;
    const headEnd = indexOfBlankLine(b, pos, limit);
    if (headEnd < 0) {
      // A head cut by a gap (or the end of the capture): a message that cannot be read.
      lost++;
      pos = limit;
      continue;
    }
    const head = utf8Decode(b.subarray(pos, headEnd)).split('\r\n');
    const headers = new Map<string, string>();
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const length = Number(headers.get('content-length') ?? '0');
    const bodyStart = headEnd + 4;
    const declared = Number.isFinite(length) && length >= 0 ? length : 0;
    const bodyEnd = Math.min(limit, bodyStart + declared);
    const run = runAt(stream, pos);
    out.push({ firstLine: head[0] ?? '', headers, stream, bodyStart, bodyEnd, packet: run?.packet ?? 0, time: run?.time ?? Number.NaN, cut: bodyEnd < bodyStart + declared });
    pos = bodyEnd < bodyStart + declared ? bodyEnd : bodyStart + declared;
  }
  return { messages: out, lost };
}

function nextMessageStart(b: Uint8Array, from: number, startsMessage: (b: Uint8Array, at: number) => boolean): number {
  for (let at = from; at < b.length; ) {
    if ((at === 0 || b[at - 1] === 10) && startsMessage(b, at)) return at;
    const lf = b.indexOf(10, at);
    if (lf < 0) break;
    at = lf + 1;
  }
  return b.length;
}

const startsWith = (b: Uint8Array, at: number, text: string): boolean => {
  for (let k = 0; k < text.length; k++) if (b[at + k] !== text.charCodeAt(k)) return false;
  return true;
};
const isRequestStart = (b: Uint8Array, at: number): boolean => startsWith(b, at, 'POST /gateway/');
const isResponseStart = (b: Uint8Array, at: number): boolean => startsWith(b, at, 'HTTP/1.');

function indexOfBlankLine(b: Uint8Array, from: number, to: number): number {
  for (let k = b.indexOf(13, from); k >= 0 && k + 3 < to; k = b.indexOf(13, k + 1)) {
    if (b[k + 1] === 10 && b[k + 2] === 13 && b[k + 3] === 10) return k;
  }
  return -1;
}

/** `Action=open&Server=NS&IP=…` from a request line's query (the gateway's values are plain tokens). */
function queryOf(requestLine: string): Map<string, string> {
  const target = requestLine.split(' ')[1] ?? '';
  const q = target.indexOf('?');
  const out = new Map<string, string>();
  if (q < 0) return out;
  for (const part of target.slice(q + 1).split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq), unescapeQuery(part.slice(eq + 1)));
  }
  return out;
}

function unescapeQuery(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

/** `SessionID=…; GW-IP=…; Session=close` as a map. */
function messengerHeader(h: HttpMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (h.headers.get('x-msn-messenger') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

/** A byte stream grown by appending bodies, each remembered with its packet and time. */
class StreamBuilder {
  private readonly parts: Uint8Array[] = [];
  private readonly runs: StreamRun[] = [];
  private length = 0;
  append(m: HttpMessage): void {
    if (m.bodyEnd <= m.bodyStart) return;
    const run = runAt(m.stream, m.bodyStart);
    this.runs.push({ at: this.length, packet: run?.packet ?? m.packet, time: run?.time ?? m.time });
    const body = m.stream.bytes.subarray(m.bodyStart, m.bodyEnd);
    this.parts.push(body);
    this.length += body.length;
  }
  done(): ByteStream {
    const bytes = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return { bytes, runs: this.runs, gaps: [] };
  }
}

/** A session while its exchanges are read: its streams still growing, its closing and damage still counted. */
type Draft = Omit<GatewaySession, 'fromClient' | 'fromServer' | 'closed' | 'unreadable'> & {
  readonly up: StreamBuilder;
  readonly down: StreamBuilder;
  closed: { packet: number; time: number } | null;
  unreadable: number;
};

/**
 * The gateway sessions of a capture's gateway TCP connections. On each TCP connection a response goes with the
 * latest request before it (HTTP/1.1 without pipelining); sessions are followed across connections by SessionID,
 * in capture order, since a client opens a new TCP connection whenever the old one closes.
 */
export function gatewaySessions(connections: readonly TcpConnection[]): GatewaySession[] {
  const exchanges: { req: HttpMessage; res: readonly HttpMessage[]; tcp: TcpConnection; lost: number }[] = [];
  for (const c of connections) {
    const reqs = httpMessages(c.fromClient, isRequestStart);
    const ress = httpMessages(c.fromServer, isResponseStart);
    // A response goes with the latest request sent before it: after a loss, order alone would pair the wrong two,
    // and a response whose request was lost still belongs to the session the connection carries.
    const answers = reqs.messages.map((): HttpMessage[] => []);
    let r = 0;
    let unpaired = 0;
    for (const res of ress.messages) {
      while (r + 1 < reqs.messages.length && (reqs.messages[r + 1]?.packet ?? Infinity) < res.packet) r++;
      if ((reqs.messages[r]?.packet ?? Infinity) < res.packet) answers[r]?.push(res);
      else unpaired++;
    }
    // What could not be read is counted on the connection's last exchange.
    const lost = reqs.lost + ress.lost + unpaired;
    reqs.messages.forEach((req, k) => exchanges.push({ req, res: answers[k] ?? [], tcp: c, lost: k === reqs.messages.length - 1 ? lost : 0 }));
  }
  exchanges.sort((x, y) => x.req.packet - y.req.packet);
  const drafts: Draft[] = [];
  const bySession = new Map<string, Draft>();
  for (const { req, res, tcp, lost } of exchanges) {
    const query = queryOf(req.firstLine);
    let d = query.get('Action') === 'open' ? undefined : bySession.get(query.get('SessionID') ?? '');
    if (d === undefined) {
      d = {
        number: drafts.length + 1,
        server: query.get('Action') === 'open' ? (query.get('Server') ?? null) : null,
        target: query.get('IP') ?? null,
        gateway: tcp.server,
        client: tcp.client,
        firstPacket: req.packet,
        firstTime: req.time,
        up: new StreamBuilder(),
        down: new StreamBuilder(),
        closed: null,
        unreadable: 0,
      };
      drafts.push(d);
      // A session the capture joined late is known by the SessionID its first seen request carries.
      const id = query.get('SessionID');
      if (id !== undefined) bySession.set(id, d);
    }
    d.up.append(req);
    d.unreadable += lost;
    if (req.cut) d.unreadable++;
    for (const one of res) {
      d.down.append(one);
      if (one.cut) d.unreadable++;
      const session = messengerHeader(one);
      const id = session.get('SessionID');
      if (id !== undefined) bySession.set(id, d);
      if (session.get('Session') === 'close' && d.closed === null) d.closed = { packet: one.packet, time: one.time };
    }
  }
  return drafts.map((d) => ({
    number: d.number, server: d.server, target: d.target, gateway: d.gateway, client: d.client, firstPacket: d.firstPacket,
    firstTime: d.firstTime, fromClient: d.up.done(), fromServer: d.down.done(), closed: d.closed, unreadable: d.unreadable,
  }));
}
