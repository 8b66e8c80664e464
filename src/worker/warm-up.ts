/**
 * Warming the parse worker while the user is still choosing a file.
 *
 * A fresh worker runs the parser's code in V8's interpreter and baseline tiers until each hot function has run
 * often enough to be optimised. On a 100 MB log that start costs a fifth of the parse or more (measured in
 * Chromium: the same file parses 0.3 to 0.7 s faster, of 3.3 to 3.9 s, in a worker that has run this). So the page
 * starts the worker a moment after the app loads and asks it to warm up (ParseClient.prepare), and the worker
 * parses small made-up logs, one per dialect shape, through the very handler a real request uses.
 *
 * Made up here, not fetched: the app makes no request it does not need, and the bundled samples are real logs a
 * user opens on purpose. Nothing is posted back; each step is its own task, so a real request waits at most
 * for the step in progress (`WarmUp.stop` ends the rest). A worker started by a parse (a file dropped before
 * the page started one) is never asked to warm up: it goes straight to work.
 */
import { assertNever } from '../msnp/assert';
import type { RequestHandler } from './handle-request';
import { PROTOCOL_VERSION, toRequestId } from './protocol';

/** One protocol message of the made-up sessions. */
interface WarmMessage {
  readonly dir: 'C' | 'S';
  readonly conn: 'NS' | 'SB';
  readonly text: string;
  /** A payload, CRLF between its lines, for commands whose last token is its byte length. */
  readonly body?: string;
}

/** The dialect shapes the warm-up writes: the readers users' logs most often go through. */
export const WARM_UP_SHAPES = ['transcript', 'libpurple', 'papyon', 'amsn', 'escargot'] as const;
export type WarmUpShape = (typeof WARM_UP_SHAPES)[number];

const NAMES = ['ana', 'ben', 'chloe', 'dmitri', 'eun', 'femi', 'gosia', 'hiro', 'ines', 'jon', 'kai', 'lena'];
const DOMAINS = ['hotmail.com', 'msn.com', 'live.com', 'example.org'];
const LINES = ['hey', 'you there?', 'on my way', 'ça va 👍', 'see you at 5', 'got it, thanks', 'Grüße aus Köln'];

const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).length;

function textMessage(line: string): string {
  return `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=0\r\n\r\n${line}`;
}

/**
 * One client's session, numbered `k` so that addresses, TrIds and switchboards differ from one session to the
 * next: a sign-in by redirect, the contact list, presence, keep-alives, a challenge, a chat with payloads and
 * acknowledgements, a refused invitation burst (216 then 713), a throttled status burst (800), and every few
 * sessions a refused password (911).
 */
function session(k: number): WarmMessage[] {
  const user = `${NAMES[k % NAMES.length] ?? 'ana'}${k}@${DOMAINS[k % DOMAINS.length] ?? 'msn.com'}`;
  const peer = `${NAMES[(k + 5) % NAMES.length] ?? 'ben'}${k + 1}@${DOMAINS[(k + 1) % DOMAINS.length] ?? 'msn.com'}`;
  const v = 8 + (k % 8);
  const out: WarmMessage[] = [];
  const c = (conn: WarmMessage['conn'], text: string, body?: string): void => void out.push(body === undefined ? { dir: 'C', conn, text } : { dir: 'C', conn, text, body });
  const s = (conn: WarmMessage['conn'], text: string, body?: string): void => void out.push(body === undefined ? { dir: 'S', conn, text } : { dir: 'S', conn, text, body });
  let t = 1;
  c('NS', `VER ${t} MSNP${v} CVR0`);
  s('NS', `VER ${t} MSNP${v}`);
  t++;
  c('NS', `CVR ${t} 0x0409 winnt 5.1 i386 MSNMSGR 8.5.1302 BC01 ${user}`);
  s('NS', `CVR ${t} 8.5.1302 8.5.1302 8.1.0178 http://download.example/msn http://download.example/msn`);
  t++;
  c('NS', `USR ${t} TWN I ${user}`);
  s('NS', `XFR ${t} NS 207.46.${k % 250}.10:1863 0 65.54.239.20:1863`);
  t++;
  c('NS', `VER ${t} MSNP${v} CVR0`);
  s('NS', `VER ${t} MSNP${v}`);
  t++;
  c('NS', `USR ${t} TWN I ${user}`);
  s('NS', `USR ${t} TWN S ct=12${k},rver=5.5.4182.0,wp=FS_40SEC_0_COMPACT,lc=1033,id=507,tw=0,kpp=1,kv=4`);
  t++;
  c('NS', `USR ${t} TWN S t=${(k * 7919).toString(16)}a0b1c2d3e4f5&p=${(k * 104729).toString(16)}`);
  if (k % 7 === 3) {
    s('NS', `911 ${t}`);
    return out;
  }
  s('NS', `USR ${t} OK ${user} ${encodeURIComponent('Zoë ☕')} 1 0`);
  const profile = `MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nLoginTime: ${1200000000 + k}\r\nlang_preference: 1033\r\nClientPort: 0`;
  s('NS', `MSG Hotmail Hotmail ${byteLength(profile)}`, profile);
  t++;
  c('NS', `SYN ${t} 0 0`);
  s('NS', `SYN ${t} ${40 + k} 3 1`);
  s('NS', 'GTC A');
  s('NS', 'BLP AL');
  s('NS', 'LSG Friends 0a1b2c3d');
  for (let j = 0; j < 3; j++) s('NS', `LST N=${NAMES[(k + j) % NAMES.length] ?? 'kai'}${j}@msn.com F=${encodeURIComponent('Contact ✓')} C=${j}f0e 11`);
  t++;
  c('NS', `CHG ${t} NLN 0`);
  s('NS', `CHG ${t} NLN 0`);
  s('NS', `ILN ${t} NLN ${peer} ${encodeURIComponent('Peer')} 0`);
  s('NS', `NLN AWY ${peer} ${encodeURIComponent('Peer (away)')} 0`);
  c('NS', 'PNG');
  s('NS', 'QNG 50');
  s('NS', `CHL 0 ${(k * 31337).toString()}`);
  t++;
  c('NS', `QRY ${t} msmsgs@msnmsgr.com 32`, 'a1b2c3d4e5f60718293a4b5c6d7e8f90');
  s('NS', `QRY ${t}`);
  for (let j = 0; j < 4; j++) {
    t++;
    c('NS', `CHG ${t} ${j % 2 === 0 ? 'BSY' : 'NLN'} 0`);
    s('NS', j < 3 ? `CHG ${t} ${j % 2 === 0 ? 'BSY' : 'NLN'} 0` : `800 ${t}`);
  }
  t++;
  c('NS', `XFR ${t} SB`);
  s('NS', `XFR ${t} SB 207.46.27.${k % 200}:1863 CKI ${k}.${k * 3}.${k * 7}`);
  let sb = 1;
  c('SB', `USR ${sb} ${user} ${k}.${k * 3}.${k * 7}`);
  s('SB', `USR ${sb} OK ${user} ${encodeURIComponent('Zoë')}`);
  sb++;
  c('SB', `CAL ${sb} ${peer}`);
  s('SB', `CAL ${sb} RINGING ${k * 11}`);
  s('SB', `JOI ${peer} ${encodeURIComponent('Peer')}`);
  for (let j = 0; j < 3; j++) {
    sb++;
    const body = textMessage(LINES[(k + j) % LINES.length] ?? 'hey');
    c('SB', `MSG ${sb} ${j === 2 ? 'U' : 'A'} ${byteLength(body)}`, body);
    if (j !== 2) s('SB', `ACK ${sb}`);
    const reply = textMessage(LINES[(k + j + 3) % LINES.length] ?? 'ok');
    s('SB', `MSG ${peer} ${encodeURIComponent('Peer')} ${byteLength(reply)}`, reply);
  }
  sb++;
  for (let j = 0; j < 3; j++) {
    c('SB', `CAL ${sb} nobody${j}@${DOMAINS[j % DOMAINS.length] ?? 'msn.com'}`);
    s('SB', j < 2 ? `216 ${sb}` : `713 ${sb}`);
  }
  c('SB', 'OUT');
  return out;
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));
const clock = (second: number): string => `${pad(Math.floor(second / 3600) % 24)}:${pad(Math.floor(second / 60) % 60)}:${pad(second % 60)}`;

/** One message as a line (and, where the shape shows payloads, its body's lines) of a log in `shape`. */
function render(shape: WarmUpShape, m: WarmMessage, second: number, k: number): string {
  const arrow = m.dir === 'C' ? '>>>' : '<<<';
  const withBody = m.body === undefined ? '' : `\n${m.body.replace(/\r\n/g, '\n')}`;
  switch (shape) {
    case 'transcript':
      return `${arrow} ${m.text}${withBody}`;
    case 'libpurple':
      return `(${clock(second)}) msn: ${m.dir}: ${m.conn} ${m.conn === 'NS' ? '000' : '001'}: ${m.text}`;
    case 'papyon':
      return `[${clock(second)} DEBUG papyon.transport] ${arrow} ${m.text}`;
    case 'amsn':
      return `[${clock(second)}] ${m.dir === 'C' ? '->' : '<-'}${m.conn === 'NS' ? `ns-sock${k}` : `sb1-sock${k + 1}`} ${m.text}`;
    case 'escargot':
      return `${m.conn}/${(k * 2 + (m.conn === 'NS' ? 0 : 1)).toString(16).padStart(4, '0')} ${arrow} ${m.text}`;
    default:
      return assertNever(shape, 'warm-up shape');
  }
}

/**
 * A made-up log in one dialect shape: sessions `first` … `first + sessions − 1`, with a line of other output
 * before each where the shape has other categories.
 */
export function warmUpLog(shape: WarmUpShape, sessions: number, first = 0): Uint8Array {
  const lines: string[] = [];
  let second = 8 * 3600 + first * 60;
  for (let k = first; k < first + sessions; k++) {
    if (shape === 'libpurple') lines.push(`(${clock(second)}) account: Connecting to account user${k}@msn.com`);
    for (const m of session(k)) lines.push(render(shape, m, (second += 1), k));
  }
  return encoder.encode(`${lines.join('\n')}\n`);
}

export interface WarmUpPlan {
  /**
   * Sessions per step (about 2.5 KB each) of each round over every shape, in order. V8 optimises a function after
   * it has run a while, so each shape comes back round after round. The first rounds are short: they run each
   * function for the first time (compiling it) and then in its slower tiers, so their steps are kept small. A
   * step is one task, which a file dropped meanwhile waits for.
   */
  readonly rounds: readonly number[];
}

/**
 * Measured in Chromium (the issue #2 note has the figures). With four rounds of 150 sessions, about 7 MB made up
 * in all, a 100 MB parse took about 0.7 s less than in a fresh worker (of 3.3 to 3.9 s); one round gave most of
 * that, eight no more than four. The two short rounds in front keep the steps short while the code is compiled: a
 * small sample dropped 2 s after the page opens (the warm-up starts at about 1.5 s) then waits about 0.1 s longer
 * than with no warm-up, and one dropped after 6 s is ready in 0.22–0.31 s instead of 0.41.
 */
export const WARM_UP_PLAN: WarmUpPlan = { rounds: [10, 40, 150, 150, 150] };

export interface WarmUp {
  /** Ends the warm-up before its next step (a real request has come in). */
  stop(): void;
}

/**
 * Runs `parseOne` on made-up logs, shape after shape, round after round, one step per task (`schedule`), until
 * the plan is done or `stop` is called. When every step has run, `settle` has the warm-up's garbage collected
 * (collectWarmUpGarbage), then `onDone` is called (the bench waits for it); a stopped warm-up does neither. The
 * worker passes its request handler with a post that drops everything, so the code warmed is the code a real
 * request runs.
 */
export function startWarmUp(
  parseOne: (bytes: Uint8Array) => void,
  schedule: (step: () => void) => void,
  plan: WarmUpPlan = WARM_UP_PLAN,
  onDone?: () => void,
  settle: () => void = collectWarmUpGarbage,
): WarmUp {
  const shapes = WARM_UP_SHAPES.length;
  const steps = plan.rounds.length * shapes;
  let next = 0;
  let stopped = false;
  const step = (): void => {
    if (stopped || next >= steps) return;
    const shape = WARM_UP_SHAPES[next % shapes] ?? 'transcript';
    const sessions = plan.rounds[Math.floor(next / shapes)] ?? 0;
    // Sessions numbered apart from step to step: no two steps parse the same text.
    const first = next * 1000;
    next++;
    parseOne(warmUpLog(shape, sessions, first));
    if (stopped) return;
    if (next < steps) schedule(step);
    else {
      settle();
      onDone?.();
    }
  };
  schedule(step);
  return {
    stop() {
      stopped = true;
    },
  };
}

/**
 * Bytes of a buffer that is allocated and dropped to have V8 collect the warm-up's garbage now, while the worker
 * idles. V8 collects once the memory held outside its heap (ArrayBuffers) has grown by about 64 MB since its last
 * collection; 32 MB did not start one in Chromium, 64 did.
 */
const COLLECT_TRIGGER_BYTES = 96 << 20;

/**
 * The warm-up leaves about 15 MB of garbage, and collecting it took about 140 ms in Chromium. Left alone, it was
 * collected when the first large allocation of a real parse (its input) set V8's collector off: at the start of
 * the parse a user waits for (a 100 MB parse spent ~140 ms in the collector within its first 200 ms, against
 * ~5 ms in a worker collected after its warm-up). A buffer as big as a large input, allocated here and never
 * written, sets it off now instead; its pages are never touched, so it takes no memory, and it is garbage at once.
 * Where the system refuses the allocation, nothing is lost but this head start.
 */
export function collectWarmUpGarbage(): void {
  try {
    void new ArrayBuffer(COLLECT_TRIGGER_BYTES).byteLength;
  } catch {
    // Out of address space or memory: the real parse will collect as it did before.
  }
}

/**
 * The warm-up as a worker runs it: each made-up log goes through `handler` as a parse request, so parsing, the
 * columns and the verdict are all warmed. Id 0 is never a real request's (the client counts from 1), and the
 * answers are dropped: nothing leaves the worker.
 */
export function warmUpHandler(handler: RequestHandler, schedule: (step: () => void) => void, onDone?: () => void, plan: WarmUpPlan = WARM_UP_PLAN): WarmUp {
  const parseOne = (bytes: Uint8Array): void =>
    handler.handle({ kind: 'parse', v: PROTOCOL_VERSION, id: toRequestId(0), fileName: null, bytes: bytes.buffer as ArrayBuffer, dialect: null }, () => undefined);
  return startWarmUp(parseOne, schedule, plan, onDone);
}
