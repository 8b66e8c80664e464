/**
 * The shapes every stage of the protocol core agrees on: what a parsed MSNP log is.
 *
 * This module is the contract between the core (`src/msnp`), the worker, the store, the UI and the CLI. Its types
 * are plain data (arrays, records, strings, numbers). A ParseResult's `events` and `nonProtocol`, though, are
 * read-only array views over typed-array columns (`tables`, see event-store.ts): they index, iterate and
 * serialize to JSON like arrays, but cannot be structured-cloned — the worker transfers the columns instead.
 * Discriminants are always called `kind`.
 */

import type { EventStore, NonProtocolStore } from './event-store';
import type { LineSource } from './line-source';

export type EventId = number & { readonly __brand: 'EventId' };
export type ConnectionId = string & { readonly __brand: 'ConnectionId' };

export const toEventId = (n: number): EventId => n as EventId;
export const toConnectionId = (s: string): ConnectionId => s as ConnectionId;

/** Who sent a message: the client (`>>>`, `C:`, `->`, "Data sent") or the server. */
export type Direction = 'client' | 'server';

/** DS = dispatch server (redirects to an NS), NS = notification server, SB = switchboard. */
export type ConnectionKind = 'DS' | 'NS' | 'SB' | 'unknown';

export type DialectId =
  | 'transcript' // A: bare >>> / <<<
  | 'doc' // G/H: C:/S:, Client:/Server:, literal \r\n, several messages per line, <o> annotations
  | 'libpurple' // B: Pidgin / gaim debug log
  | 'papyon' // C/D: papyon console and emesene log window
  | 'amsn' // E: aMSN protocol window
  | 'escargot' // Escargot server log
  | 'miranda' // F: Miranda NG netlog
  | 'capture'; // a pcap / pcapng file, as the text capture/render.ts makes of it

export type Severity = 'error' | 'warning' | 'note';

/** Why a line is not (part of) a protocol message. Every input line is either inside an event or here. */
export type NonProtocolReason =
  | 'blank'
  | 'noise' // another logger/category, prose, connection events
  | 'annotation' // documentation annotations: `<o> …`, `--- …`, a lone literal `\r\n`
  | 'connection-event' // aMSN `< Connected to: … >`, papyon `<-> Connecting to …`, Miranda "Connected with handle"
  | 'unreadable'; // looked like protocol but could not be read; `note` says why

export interface NonProtocolLine {
  readonly line: number; // 1-based
  readonly text: string;
  readonly reason: NonProtocolReason;
  /** For `unreadable` (and where useful otherwise): the reason in plain words. */
  readonly note?: string;
  /** True when the line's bytes were not valid UTF-8 (kept, shown with U+FFFD). */
  readonly invalidUtf8?: boolean;
}

/** How much of a payload the log shows. */
export type PayloadVisibility =
  | 'full' // every declared byte is in the log
  | 'partial' // the log shows fewer bytes than declared (truncation, log cut off)
  | 'summary' // the tool printed a summary instead (`[P2P message (1270 bytes)]`, `[payload]`)
  | 'hidden'; // the format never prints payloads (libpurple, seed-style `<<< GCF 0 6501`)

export interface Payload {
  /** The length token of the header line: a count of bytes. */
  readonly declaredBytes: number;
  readonly visibility: PayloadVisibility;
  /** Bytes the log actually shows for the body (UTF-8 byte count, after un-escaping), null when hidden. */
  readonly shownBytes: number | null;
  /** The body as text, for display. '' when hidden. */
  readonly text: string;
  /** 1-based source lines the body occupies; null when hidden. */
  readonly firstLine: number | null;
  readonly lastLine: number | null;
}

/** Marks on an event about how it was read. */
export type EventFlag =
  | 'inferred' // not a wire line: read from a log message such as `Notification got error : 800 31`
  | 'markup-removed' // forum/HTML markup ([email], entities, markdown links) was stripped to read it
  | 'html-escaped' // the line was HTML-escaped (&gt;&gt;&gt;)
  | 'wrapped' // tokens continued on the next, unprefixed line(s) and were joined
  | 'truncated' // the line is cut off (first/last line of a paste, or a visible cut)
  | 'redacted' // an empty parameter or placeholder where an address was removed
  | 'invalid-utf8' // bytes that are not UTF-8 were kept and shown as U+FFFD
  | 'inline' // one of several messages written on one line (documentation style)
  | 'glued'; // the record started in the middle of the previous line (emesene log window)

/** What the analyzer knows about an error code; from the catalog (error-codes.ts). */
export interface ErrorRef {
  readonly code: number;
  readonly name: string; // e.g. 'ERR_NOT_ONLINE'; 'unknown error' for codes not in the catalog
  readonly class: ErrorClass;
  readonly known: boolean;
}
export type ErrorClass = '2xx' | '3xx' | '4xx' | '5xx' | '6xx' | '7xx' | '8xx' | '9xx';

/** How a command's transaction ended; filled in by the pairing stage. */
export type ReplyStatus =
  | 'answered' // the reply closed the transaction
  | 'error' // closed by an NNN error reply
  | 'unanswered' // a reply was expected and none came
  | 'no-reply-expected' // MSG U, PNG is FIFO-paired instead, OUT, client SDG …
  | 'not-a-command'; // server lines, inferred lines

/** One protocol message (a command, a reply or an asynchronous server message). */
export interface LogEvent {
  readonly id: EventId; // index into ParseResult.events
  readonly line: number; // 1-based source line where the message starts
  readonly endLine: number; // last source line it occupies (payload, wrapped tokens)
  readonly direction: Direction | null;
  readonly connection: ConnectionId;
  /** Milliseconds since midnight of the log's first day (logs carry only HH:MM:SS); day roll-overs add 24 h. */
  readonly time: number | null;
  /** 3 upper-case letters (`USR`), or the 3 digits of an error (`911`). Unknown verbs are kept as written. */
  readonly command: string;
  readonly error: ErrorRef | null;
  readonly trId: number | null;
  /** Tokens after the command (and after the TrId when the command has one), exactly as written. */
  readonly params: readonly string[];
  /** The MSNP line as read, without the dialect's prefix and without markup. */
  readonly raw: string;
  readonly payload: Payload | null;
  readonly flags: readonly EventFlag[];
  // Filled in by pairing:
  /** For a reply: the command it answers. */
  readonly replyTo: EventId | null;
  /** For a command: every reply, in order (IRO…ANS OK, CHG + ILN burst, SYN burst). */
  readonly replies: readonly EventId[];
  readonly status: ReplyStatus;
  /** For a command with a reply and timestamps: ms from command to first reply. */
  readonly latencyMs: number | null;
}

export interface Connection {
  readonly id: ConnectionId; // stable, e.g. 'NS1', 'DS1', 'SB3'
  readonly kind: ConnectionKind;
  /** What the log itself calls it (`NS 000`, `sock7`, `00E13870:1240`, `NS/1a2b`), if anything. */
  readonly sourceName: string | null;
  /** `MSNP15` as negotiated by VER, null when the log does not show it. */
  readonly protocol: string | null;
  readonly protocolVersion: number | null;
  readonly firstEvent: EventId;
  readonly lastEvent: EventId;
  readonly eventCount: number;
  /** How the connection was told apart from its neighbours (for the detail pane and honesty in reports). */
  readonly inferredFrom: 'log' | 'xfr-ns' | 'sb-auth' | 'trid-restart' | 'first' | 'connection-event' | 'session-note';
  /** True when the server answered VER with `VER t 0`: no common protocol version, then it hung up. */
  readonly versionRefused?: boolean;
  /**
   * The account on this connection, when the log holds several (a server's log): the one its sign-in named, or
   * on a switchboard the handle of its client USR/ANS. Absent on a client's own log.
   */
  readonly account?: string;
}

export type DiagnosticKind =
  | 'unanswered' // a command that expected a reply got none
  | 'orphan-reply' // a reply whose command is not in the log
  | 'mid-session-start' // traffic before any VER/USR
  | 'payload-length-mismatch' // shown bytes differ from the declared length
  | 'unknown-command'
  | 'unknown-error-code'
  | 'unreadable-line'
  | 'duplicate-open-trid' // a TrId reused while its first command was still open
  | 'after-close' // command sent after OUT or after the server closed the connection
  | 'no-protocol' // nothing in the file looked like MSNP
  | 'other-dialect-lines' // non-protocol lines that are another dialect's protocol lines (two logs in one file)
  | 'dialect-block' // lines read with another dialect than the rest of the file (a second log pasted further down)
  | 'truncated';

export interface Diagnostic {
  readonly kind: DiagnosticKind;
  readonly severity: Severity;
  readonly message: string;
  readonly events: readonly EventId[];
  /** 1-based source line for diagnostics about lines rather than events. */
  readonly line?: number;
}

export interface DialectCandidate {
  readonly dialect: DialectId;
  readonly name: string; // human name, e.g. 'libpurple (Pidgin) debug log'
  readonly confidence: number; // 0..1
  readonly matched: number; // lines that matched the dialect's protocol-line pattern
  readonly examined: number;
  readonly pattern: string; // what it looked for, for the "nothing matched" message
}

export interface Detection {
  readonly dialect: DialectId | null;
  readonly confidence: number;
  readonly forced: boolean;
  readonly candidates: readonly DialectCandidate[]; // best first
  /** Plain-words explanation, always set; says why when nothing matched. */
  readonly reason: string;
}

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'binary';

export interface InputInfo {
  readonly fileName: string | null;
  readonly bytes: number;
  readonly lines: number;
  readonly encoding: TextEncoding;
  readonly lineEndings: 'crlf' | 'lf' | 'cr' | 'mixed' | 'none';
  readonly invalidUtf8Lines: number;
  /** Share of NUL/control bytes in the head: a high value means the file is binary. */
  readonly binaryRatio: number;
  /** Set when the file was a packet capture: `bytes` and `lines` are then those of the text it became. */
  readonly capture?: CaptureInfo;
}

/** What reading a capture found; part of the parse result's input. */
export interface CaptureInfo {
  readonly format: 'pcap' | 'pcapng';
  /** The capture file's size; the input's `bytes` is the size of the text it became. */
  readonly fileBytes: number;
  readonly packets: number;
  /** MSNP connections: TCP connections and HTTP gateway sessions. */
  readonly msnpConnections: number;
  /** Of those, sessions of the MSN HTTP gateway (MSNP in the bodies of `POST /gateway/gateway.dll`). */
  readonly gatewaySessions: number;
  /** TCP connections that carry something else (HTTPS to Passport, web traffic), left out. */
  readonly otherConnections: number;
  /** Packets with no TCP in them (UDP, ARP, IP fragments, unknown link layers), left out. */
  readonly otherPackets: number;
  /** Why reading stopped before the end of the file; null when the file was whole. */
  readonly damage: string | null;
}

export interface Stats {
  readonly byCommand: Readonly<Record<string, number>>;
  readonly errorsByCode: Readonly<Record<string, number>>;
  readonly errorsByClass: Readonly<Record<ErrorClass, number>>;
  readonly unanswered: number;
  readonly orphans: number;
}

// ---- Findings (issue #4): explanations built on evidence ----

export type FindingGroup = 'login' | 'rate-limit' | 'sequence' | 'malformed' | 'response-code';

export type FindingKind =
  | 'rate-limit' // a 713/800 burst
  | 'login-failed'
  | 'login-no-reply'
  | 'login-version-refused'
  | 'login-challenge-failed'
  | 'signed-out-by-server'
  | 'login-retry-loop'
  | 'login-succeeded'
  | 'unanswered-commands'
  | 'orphan-replies'
  | 'payload-length-mismatch'
  | 'after-close'
  | 'mid-session-start'
  | 'duplicate-open-trid'
  | 'error-then-close'
  | 'switchboard-unused'
  | 'switchboard-join-timeout'
  | 'error-reply';

export interface LoginStep {
  readonly name: string; // 'VER', 'CVR', 'USR I', 'XFR NS', 'GCF', 'USR S (policy)', 'USR S (ticket)', 'USR OK', 'SYN/ADL', 'CHG', 'CHL/QRY'
  readonly state: 'done' | 'failed' | 'stopped' | 'not-reached';
  readonly events: readonly EventId[];
  readonly note?: string;
  /** Which server the step ran on: the dispatch server (before XFR NS) or the notification server. */
  readonly phase?: 'DS' | 'NS';
  /**
   * Lines of the log that are not MSNP but show the step (1-based, ascending): the client's own lines about the
   * Passport request, e.g. papyon's `Requesting security tokens…` / `Received security tokens`.
   */
  readonly lines?: readonly number[];
}

export interface LoginAttempt {
  readonly generation: 'MD5' | 'TWN' | 'SSO' | 'MSNP21' | 'unknown';
  readonly protocolVersion: number | null;
  readonly outcome:
    | 'signed-in'
    | 'failed'
    | 'no-reply'
    | 'version-refused'
    | 'challenge-failed'
    | 'signed-out';
  readonly steps: readonly LoginStep[];
  readonly connections: readonly ConnectionId[];
  readonly startTime: number | null;
  /**
   * The log's last line is the command the sign-in stopped at: a cut-off log, which cannot show whether the server
   * answered (not a server that stayed silent while the log went on). Decided once, where the attempt is finished.
   */
  readonly logEndsAtCommand: boolean;
}

export interface RateLimitBurst {
  readonly throttled: string; // 'REA (rename self)', 'CHG', 'XFR SB', 'CAL', or the command named
  readonly code: 713 | 800;
  readonly attempts: readonly EventId[]; // every attempt in the burst, in order
  readonly allowed: number; // accepted before the first refusal
  readonly refusedAt: EventId; // the first refused attempt
  readonly retriesWhileThrottled: readonly EventId[];
  readonly window: { readonly seconds: number; readonly limit: number; readonly source: 'seed' | 'inferred' } | null;
  readonly freeAt: number | null; // time (ms since midnight) when another attempt would be accepted
  readonly timed: boolean; // false: the log has no times, counts use order alone
}

export type FindingDetail =
  | { readonly kind: 'login'; readonly attempt: LoginAttempt }
  | { readonly kind: 'rate-limit'; readonly burst: RateLimitBurst }
  | { readonly kind: 'none' };

export interface Finding {
  readonly id: string; // stable within a result, e.g. 'rate-limit-1'
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly group: FindingGroup;
  readonly title: string; // one line
  /**
   * Whose finding it is when the log holds several accounts (a server's log): the account, which the title starts
   * with (`bob@…: Login failed …`). Findings that differ only by it are rolled into one row (roll-up.ts).
   */
  readonly subject?: string;
  readonly narrative: string;
  readonly advice: string;
  readonly evidence: readonly EventId[];
  readonly detail: FindingDetail;
}

export interface ParseResult {
  readonly schemaVersion: 1;
  readonly input: InputInfo;
  readonly detection: Detection;
  readonly hasTimes: boolean;
  readonly connections: readonly Connection[];
  readonly events: readonly LogEvent[];
  readonly nonProtocol: readonly NonProtocolLine[];
  readonly diagnostics: readonly Diagnostic[];
  readonly findings: readonly Finding[];
  readonly stats: Stats;
  /**
   * Where the file holds more than one log (a block of another dialect pasted after the first one: parse-log.ts):
   * the first event of each log after the first, ascending. Empty for the usual file of one log. Each log is a
   * session of its own: the end of one is where its story stops, not a silence while the next one goes on
   * (explain.ts, the findings). Event ids, not lines, so a reader finds an event's log by binary search.
   */
  readonly sessionStarts: readonly EventId[];
  /**
   * The columns behind `events` and `nonProtocol` (event-store.ts) and the lines they cut text from: what the
   * worker transfers, and what consumers that walk every event read instead of building a LogEvent per event.
   * Absent on results assembled by hand.
   */
  readonly tables?: ResultTables;
}

export interface ResultTables {
  readonly source: LineSource;
  readonly events: EventStore;
  readonly nonProtocol: NonProtocolStore;
}

export interface ParseOptions {
  readonly fileName?: string;
  /** Skip detection and read the file as this dialect. */
  readonly dialect?: DialectId;
  /**
   * How often progress is reported; DEFAULT_PROGRESS_STEP (about a megabyte) when left out. A smaller step lets a
   * test see the sequence of reports on a small fixture; it never changes the result.
   */
  readonly progressStep?: ProgressStep;
}

/** Progress goes out once `bytes` more have been read, checked each time a reader has read `lines` more lines. */
export interface ProgressStep {
  readonly bytes: number;
  readonly lines: number;
}

/**
 * Which read of the file a progress report counts. Most files are read once (`first`). When that read finds a
 * second log in another format further down, the file is read `again`, block by block, each block in its own
 * format: that read starts over at byte 0, so a progress bar must say why it went back.
 */
export type ReadPass = 'first' | 'again';

/**
 * What the parse is doing. `reading`: the reads of the file, whose bytes the bar counts. `analysing`: after the last
 * read, building the events (connections, pairing replies) and looking for problems (findings); on a 100 MB log
 * this takes a second or more during which no byte is read, so it is said once, when it starts.
 */
export type ProgressStage = 'reading' | 'analysing';

export interface ParseProgress {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly events: number;
  readonly pass: ReadPass;
  readonly stage: ProgressStage;
}

/**
 * A protocol message as read and tokenized from the log, before connections, error look-up and pairing.
 * Produced by the reading stages (dialects + tokenize); consumed by `buildEvents` (connections, pairing).
 */
export interface TokenizedMessage {
  readonly line: number;
  readonly endLine: number;
  readonly direction: Direction | null;
  /** The log's own name for the connection (`NS 000`, `sock7`, `00E13870:1240`, `NS/1a2b`), if it has one. */
  readonly connectionHint: string | null;
  /** The connection kind when the log says it (libpurple `NS`/`SB`, aMSN `ns`/`sb`). */
  readonly kindHint: ConnectionKind | null;
  readonly time: number | null;
  readonly command: string;
  /** The numeric code when `command` is three digits. */
  readonly errorCode: number | null;
  readonly trId: number | null;
  readonly params: readonly string[];
  readonly raw: string;
  readonly payload: Payload | null;
  readonly flags: readonly EventFlag[];
  /**
   * True when the TrId position holds a documentation placeholder (`>>> ADL TrId …`, `<<< 240 <TrId>`) instead of
   * a number; `trId` is then null and pairing matches placeholders with each other.
   */
  readonly trIdPlaceholder?: boolean;
  /**
   * True on the first message after a line where the log says a new TCP connection was opened (aMSN
   * `< Connected to: … >`, papyon `<-> Connecting to …`, Miranda "Connected with handle"): logs that give no
   * socket name (aMSN `->ns- OUT` through a proxy) still tell their connections apart by it. Also true on a line
   * that carries `switchboardSession`: either way the connection stage looks at the line's connection afresh.
   */
  readonly newConnection?: boolean;
  /**
   * The switchboard session a papyon note names for this client line: `New switchboard session <id>` before the
   * USR/ANS that joins it, `Leaving switchboard <id>` before the OUT that leaves it. Logs without connection names
   * tell switchboards apart by it (the OUT may leave an older switchboard, not the latest one).
   */
  readonly switchboardSession?: string;
  /**
   * Where the text sits in the source, so the event store keeps offsets instead of strings: the char offset in
   * line `line − 1` where `raw` starts when raw is that line's tail (−1 or absent otherwise); the char offset in
   * raw where params start when they are raw split on spaces from there; and whether the payload text is its
   * source lines exactly as the file has them.
   */
  readonly rawOffset?: number;
  readonly paramsFrom?: number;
  readonly payloadInSource?: boolean;
  /** The source line is printable ASCII (a reader on bytes checked it): its char offsets are its byte offsets. */
  readonly asciiLine?: boolean;
  /** `verbCode(command)` (verb-code.ts), when the reader computed it on the way. */
  readonly verbCode?: number;
  /**
   * The first parameter, when the message can give it without splitting all of them (a reader on bytes):
   * pairing and connection assignment ask for it on every MSG line. Same value as `params[0]`.
   */
  firstParam?(): string | undefined;
  /** Whether param k exists (`params.length > k`), when the message can tell without splitting its params. */
  hasParam?(k: number): boolean;
  /** `params[0] === text` for ASCII `text`, when the message can compare without building params[0]. */
  firstParamIs?(text: string): boolean;
  /** params[0]'s length in chars (−1 when there is none), when the message can tell without building it. */
  firstParamLength?(): number;
}

/** `m.params[0]`, through `firstParam` when the message has it. */
export function firstParamOf(m: TokenizedMessage): string | undefined {
  return m.firstParam === undefined ? m.params[0] : m.firstParam();
}

/** `params[0] === text` (ASCII `text`): a byte comparison when the message was read on bytes. */
export function firstParamIs(m: TokenizedMessage, text: string): boolean {
  return m.firstParamIs === undefined ? firstParamOf(m) === text : m.firstParamIs(text);
}
