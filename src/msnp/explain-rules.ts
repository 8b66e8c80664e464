/**
 * Per-code rules for explain.ts: the sentence that says what an error means *here*, and what to do about it.
 *
 * A rule looks at the command the error answers (verb and parameters), the connection kind (NS vs SB) and
 * the negotiated protocol version. Codes without a rule get a sentence built from the catalog entry.
 * Facts from the seed error list and msnp-protocol.md §6, §7, §9; wording ours.
 */
import type { ErrorCodeInfo } from './error-codes';
import { DIR_CLIENT, idsOfVerb, storeOf } from './event-store';
import type { ConnectionKind, LogEvent } from './types';
import { isSwitchboardUsr } from './verb-roles';

/**
 * The command an error answers, as the rules read it: over a LogEvent, or straight over the store's columns
 * (explaining every error of a huge log must not build a LogEvent, nor decode and split lines it does not print).
 */
export interface CommandRef {
  readonly id: number;
  readonly command: string;
  readonly trId: number | null;
  /** `params[k]`. */
  param(k: number): string | undefined;
  /** Every param: from a store this decodes the whole line, so only for text that is printed. */
  params(): readonly string[];
  /** `params().join(' ')`, null when there are none: what a sentence quotes, cut from the line without a split. */
  paramText(): string | null;
  /** The payload's declared and shown byte counts, null when the command has no payload. */
  payloadBytes(): { readonly declared: number; readonly shown: number | null } | null;
}

export interface ExplainContext {
  /** TrId and connection of the error line. */
  readonly trId: number | null;
  readonly connection: string;
  /** The command the error answers, when the log shows it. */
  readonly command: CommandRef | null;
  readonly info: ErrorCodeInfo;
  readonly connectionKind: ConnectionKind;
  readonly version: number | null;
  /** No server line follows the error on its connection. */
  readonly closedAfter: boolean;
  /**
   * The server's next line on the error's connection, when one follows: it kept the connection open (looked for
   * only for codes after which servers hang up; null otherwise).
   */
  readonly keptOpen: KeptOpen | null;
  /** The error is the last line of its log (the file's last, or that of the first of two logs in one file). */
  readonly logEnds: boolean;
  readonly events: readonly LogEvent[];
}

/** A server line that shows the server kept a connection open after an error: its line number and verb. */
export interface KeptOpen {
  readonly line: number;
  readonly command: string;
}

/** `line 24 (NLN) comes from it on this connection` */
const keptOpenText = (k: KeptOpen): string => `line ${k.line} (${k.command}) comes from it on this connection`;

export interface ContextText {
  readonly inContext: string;
  readonly advice: string;
  readonly versionNote?: string;
}

type Rule = (c: ExplainContext, cmd: CommandRef) => ContextText | null;

function cmdText(cmd: CommandRef): string {
  const params = cmd.paramText();
  return `${cmd.command}${cmd.trId === null ? '' : ` ${cmd.trId}`}${params === null ? '' : ` ${params}`}`;
}
const ver = (v: number | null): string => (v === null ? 'an unknown version' : `MSNP${v}`);

const onSwitchboard = (c: ExplainContext, cmd: CommandRef | null): boolean =>
  c.connectionKind === 'SB' || cmd?.command === 'ANS' || cmd?.command === 'CAL'
  || (cmd?.command === 'USR' && isSwitchboardUsr(cmd.params()));

const rule201: Rule = (_c, cmd) => {
  if (cmd.command === 'CHG' && cmd.param(0)?.toUpperCase() === 'FLN') {
    return {
      inContext: 'CHG asked for status FLN, but FLN is how the server reports someone as offline; it is not a status a client may set.',
      advice: 'To go offline send OUT; to look offline while staying signed in use CHG … HDN.',
    };
  }
  if (cmd.command === 'ADD' || cmd.command === 'ADC') {
    return { inContext: `The address given to ${cmd.command} (${cmd.param(1) ?? '?'}) is not a valid account name.`, advice: 'Check the address for typos or a missing domain.' };
  }
  if (cmd.command === 'XFR') {
    return { inContext: `XFR asked for "${cmd.param(0) ?? ''}"; clients may only ask for SB.`, advice: 'Send XFR t SB to get a switchboard.' };
  }
  return null;
};

/** How far back (in events) the switchboard's own USR/ANS is looked for: it opens the connection, shortly before. */
const OWN_LOOK_BACK = 20000;

/** `Me@H.com;{guid}` → `me@h.com`: handles compare without case or endpoint id. */
const bareHandle = (h: string): string => {
  const cut = h.indexOf(';');
  return (cut < 0 ? h : h.slice(0, cut)).toLowerCase();
};

/** The latest client line on the error's connection before `id` whose verb is one of `verbs` (-1: none within the look-back). */
function lastClientOn(c: ExplainContext, id: number, verbs: readonly string[]): number {
  const store = storeOf(c.events);
  const stop = Math.max(0, id - OWN_LOOK_BACK);
  for (let i = id - 1; i >= stop; i--) {
    if (store !== undefined) {
      if (store.dirCode(i) !== DIR_CLIENT || store.connectionOf(i) !== c.connection) continue;
      if (verbs.includes(store.commandOf(i))) return i;
    } else {
      const e = c.events[i];
      if (e === undefined || e.direction !== 'client' || e.connection !== c.connection) continue;
      if (verbs.includes(e.command)) return i;
    }
  }
  return -1;
}

/** Param k and line of event i, read from the store's columns when there is one. */
function paramOf(c: ExplainContext, i: number, k: number): string | undefined {
  const store = storeOf(c.events);
  return store === undefined ? c.events[i]?.params[k] : store.paramAt(i, k);
}
function lineOfEvent(c: ExplainContext, i: number): number | null {
  const store = storeOf(c.events);
  return store === undefined ? (c.events[i]?.line ?? null) : store.lineOf(i);
}

/** The account the connection of an error joined as: the handle of its client USR or ANS before `id` (null: not in the log). */
function ownHandleOn(c: ExplainContext, id: number): string | null {
  const i = lastClientOn(c, id, ['USR', 'ANS']);
  return i < 0 ? null : bareHandle(paramOf(c, i, 0) ?? '');
}

/**
 * The account signed in on a notification server: the handle of its `USR … I handle` before `id` (null: not in the
 * log). A switchboard's USR has no `I`, so only the NS sign-in step names the account this way.
 */
function signedInHandleOn(c: ExplainContext, id: number): string | null {
  let i = id;
  for (;;) {
    i = lastClientOn(c, i, ['USR']);
    if (i < 0) return null;
    if (paramOf(c, i, 1)?.toUpperCase() === 'I') {
      const h = paramOf(c, i, 2);
      return h === undefined || h === '' ? null : bareHandle(h);
    }
  }
}

const rule215: Rule = (c, cmd) => {
  if (cmd.command === 'CAL') {
    const called = calledBy(c, cmd);
    const own = called === undefined ? null : ownHandleOn(c, cmd.id);
    if (own !== null && own !== '' && called !== undefined && bareHandle(called) === own) {
      return {
        inContext: `${called} is your own address: you are already in this session, which is what 215 says, and no JOI will follow.`,
        advice: 'Nothing to wait for: invite the contact you meant instead of your own address.',
      };
    }
    return {
      inContext: `${calledBy(c, cmd) ?? 'The contact'} is already in this switchboard session or has already been invited (calling yourself counts too).`,
      advice: 'Nothing to fix: wait for the JOI of the first invitation instead of calling again.',
    };
  }
  if (cmd.command === 'ADD' || cmd.command === 'ADC') {
    const list = cmd.param(0) ?? 'the';
    // ADD names the group as its 4th param; ADC (MSNP10+) adds to a group as `ADC t FL C=guid group`.
    const groupId = cmd.command === 'ADD' ? cmd.param(3) : (/^C=/i.test(cmd.param(1) ?? '') ? cmd.param(2) : undefined);
    const group = list === 'FL' && groupId !== undefined;
    // ADC writes its contact as `N=handle` or `C=guid`: the prefix is syntax, not part of the name.
    const who = cmd.command === 'ADC' ? cmd.param(1)?.replace(/^[NC]=/i, '') : cmd.param(1);
    return {
      inContext: group
        ? `${who ?? 'The contact'} is already in group ${groupId} of your forward list.`
        : `${who ?? 'The contact'} is already on your ${list} list.`,
      advice: `Nothing to fix: the list already has the contact. Sync the local list to avoid repeating the ${cmd.command}.`,
    };
  }
  return null;
};

const rule216: Rule = (c, cmd) => {
  if (cmd.command === 'CAL') {
    return {
      inContext: `${calledBy(c, cmd) ?? 'The contact'} is online but blocks you (you are on their block list, or they allow only their allow list). Servers sent 216 for this until January 2004.`,
      advice: 'The contact has to unblock you; calling again only leads to 713 (calling too rapidly).',
      versionNote: 'Since January 2004 the server answers such a CAL with 217, which does not reveal the block.',
    };
  }
  if (cmd.command === 'REM') return { inContext: `${cmd.param(1) ?? 'The contact'} is not on your ${cmd.param(0) ?? ''} list, so there is nothing to remove.`, advice: 'Refresh the local contact list.' };
  if (cmd.command === 'REA') return { inContext: `${cmd.param(0) ?? 'The contact'} is on none of your lists, so it cannot be renamed.`, advice: 'Add the contact first, or rename yourself with your own address.' };
  return null;
};

const rule217: Rule = (c, cmd) =>
  cmd.command !== 'CAL' ? null : {
    inContext: `${calledBy(c, cmd) ?? 'The contact'} cannot be invited: offline, appearing offline, not accepting messages, or no such account. Unlike 216 (sent by older servers when an online contact blocks you), 217 does not say whether you are blocked.`,
    advice: 'Wait until the contact shows as online (NLN) before calling; repeated CALs end in 713.',
  };

/** The 205 → 208 change of MSNP10 (msnp-protocol.md §7) is about adding a contact: ADD up to 9, ADC from 10. */
const adds = (cmd: CommandRef): boolean => cmd.command === 'ADD' || cmd.command === 'ADC';

const rule205: Rule = (c, cmd) => {
  if (cmd.command === 'REM') {
    return {
      inContext: `The contact REM names (${cmd.param(1) ?? '?'}) is not an account the server knows, so nothing was removed.`,
      advice: 'Refresh the local contact list, and send REM the contact exactly as the server listed it.',
    };
  }
  if (!adds(cmd)) {
    return { inContext: `The account named in ${cmdText(cmd)} does not exist.`, advice: 'Check the spelling of the address.' };
  }
  const modern = c.version !== null && c.version >= 10;
  return {
    inContext: modern
      ? `The account to add does not exist. This connection negotiated ${ver(c.version)}, where servers report that with 208; 205 is the MSNP2–9 answer.`
      : `The account to add does not exist (the MSNP2–9 answer; from MSNP10 the server sends 208 instead). Negotiated: ${ver(c.version)}.`,
    advice: 'Check the spelling of the address.',
  };
};

const rule208: Rule = (c, cmd) => {
  if (onSwitchboard(c, cmd)) {
    return { inContext: `The handle in ${cmdText(cmd)} is not a valid account name.`, advice: 'Send CAL with a full address such as name@example.com.' };
  }
  if (cmd.command === 'USR') {
    return {
      inContext: `The sign-in name in ${cmdText(cmd)} is not an acceptable account name.`,
      advice: 'Check the sign-in name: one full address, with a single @ and a domain.',
    };
  }
  if (!adds(cmd)) {
    return { inContext: `The account name in ${cmdText(cmd)} is not acceptable: malformed, or no such account.`, advice: 'Check the spelling of the address.' };
  }
  const v = c.version;
  return {
    inContext: v !== null && v < 10
      ? `The account name is not acceptable. On ${ver(v)} a non-existent account is usually reported with 205; 208 here means a malformed name.`
      : `The account to add does not exist: from MSNP10 (here ${ver(v)}) the server answers with 208 what MSNP2–9 answered with 205.`,
    advice: 'Check the spelling of the address.',
  };
};

/**
 * 911 to the credentials, by the package the USR names: with MD5 the server checks the password hash itself; with
 * TWN and SSO the password went to Passport over HTTPS and the notification server only sees the ticket (with
 * SSO also the response computed from the policy's nonce, and from MSNP16 the machine GUID). msnp-protocol.md
 * §4.2 states 5–6; kept in step with findings/login-codes.ts.
 */
function credentials911(pkg: string | undefined): ContextText {
  switch (pkg) {
    case 'MD5':
      return {
        inContext: 'The login was refused at the password step: with MD5 the server checks the hash of its salt and the password itself, so the password is wrong, or the hash was not built from the salt as sent.',
        advice: 'Check the password, and that the hash is the MD5 of the salt as sent followed by the password.',
      };
    case 'TWN':
      return {
        inContext: 'The login was refused at the ticket step: the notification server never sees the password (it went to Passport over HTTPS) and refused the Passport ticket as invalid or stale. A revival server may also answer 911 here to a wrong password.',
        advice: 'Get a fresh ticket from Passport for this sign-in and send it unchanged; on a revival server, also check the password.',
      };
    case 'SSO':
      return {
        inContext: 'The login was refused at the ticket step: the server refused the ticket, the response computed from the policy\'s nonce, or (MSNP16+) the machine GUID. The password itself went to the login server over HTTPS; a revival server may also answer 911 here to a wrong password.',
        advice: 'Check that the ticket is fresh and the response is computed from the nonce of this USR S policy with the session key the login server returned; then the password.',
      };
    default:
      return {
        inContext: 'The login was refused at the credentials step: the password hash or the Passport ticket was not accepted.',
        advice: 'Check the password and get a fresh ticket; make sure the ticket is sent exactly as received.',
      };
  }
}

const rule911: Rule = (c, cmd) => {
  if (onSwitchboard(c, cmd)) {
    return {
      inContext: `The switchboard refused ${cmd.command}: the cookie it carries is wrong, expired or was issued for another account, so the client could not join.`,
      advice: 'Use the cookie from the latest XFR … SB or RNG right away, with the same account name.',
    };
  }
  if (cmd.command === 'USR') {
    const step = cmd.param(1)?.toUpperCase();
    return step === 'I'
      ? { inContext: 'The login was refused at the first step: the account name is malformed or unknown.', advice: 'Check the account name.' }
      : credentials911(cmd.param(0)?.toUpperCase());
  }
  // The error list knows 911 only as the answer to a sign-in (USR) or a switchboard join (USR, ANS).
  return {
    inContext: `911 (authentication failed) answers a sign-in (USR) or a switchboard join (USR, ANS); here it answers ${cmdText(cmd)} on ${c.connection}, which the error list does not describe.`,
    advice: `Check that this connection completed its sign-in (USR … OK) before ${cmd.command} was sent.`,
  };
};

const rule540: Rule = (c, cmd) => {
  if (cmd.command !== 'QRY') {
    // Paired by TrId only: a 540 to anything but QRY means the QRY that drew it is missing, or the TrId was reused.
    return {
      inContext: `540 is the answer to a wrong challenge response (QRY), but by its TrId it answers ${cmdText(cmd)}: the QRY that drew it is not in the log, or the client used the same TrId twice.`,
      advice: 'Give every command its own TrId, and check the QRY sent in answer to the last CHL.',
    };
  }
  return {
    inContext: `${cmdText(cmd)} was the answer to the server's challenge (CHL) and it was wrong; ${c.keptOpen === null ? 'the server hangs up after 540, and nothing more from it follows on this connection in the log' : `the server normally hangs up after 540, but here it kept the connection open: ${keptOpenText(c.keptOpen)}`}.`,
    advice: `Check the product id and key used for the answer: ${c.version === null ? 'an MD5 hash up to MSNP10, a different algorithm from MSNP11' : c.version <= 10 ? `on ${ver(c.version)} it is the MD5 of the challenge followed by the product key` : `on ${ver(c.version)} it is the algorithm introduced in MSNP11, not the older MD5 of challenge and key`}.`,
  };
};

/** 928: before MSNP13 the seed blames a ticket from the wrong login server (redirects not followed); from 13, an un-decoded `&amp;`. */
const rule928: Rule = (c, cmd) => {
  if (cmd.command !== 'USR' || c.version === null) return null;
  return c.version < 13
    ? {
      inContext: `The ticket in ${cmd.command} ${cmd.trId ?? ''} was refused as invalid. On ${ver(c.version)} the usual cause is a ticket from the wrong login server: the Passport login's redirects (for @hotmail.com and @msn.com accounts) were not followed.`.replace(/ {2}/g, ' '),
      advice: 'Follow every redirect of the Passport login to the end and send the ticket that server returns.',
    }
    : {
      inContext: `The ticket in ${cmd.command} ${cmd.trId ?? ''} was refused as invalid. From MSNP13 (here ${ver(c.version)}) the ticket arrives inside XML, and one whose \`&amp;\` was not decoded to \`&\` draws 928.`.replace(/ {2}/g, ' '),
      advice: 'HTML-entity-decode the ticket before sending it (`&amp;` must become `&`); if it is decoded, check that the login server\'s redirects were followed.',
    };
};

const lastParam = (cmd: CommandRef): string | undefined => {
  const params = cmd.params();
  return params[params.length - 1];
};

/**
 * 282: the seed's first suspect is the MSG length token, and the MSNSLP (P2P) content the second; when the log
 * shows a body of exactly the declared length, the length is ruled out.
 */
const rule282: Rule = (_c, cmd) => {
  if (cmd.command !== 'MSG') return null;
  const p = cmd.payloadBytes();
  const declared = p?.declared ?? lastParam(cmd) ?? '?';
  const slp = cmd.param(0) === 'D' ? 'its P2P (MSNSLP) data' : 'its content (for P2P, the MSNSLP data)';
  if (p !== null && p.shown !== null && p.shown === p.declared) {
    return {
      inContext: `The body of ${cmdText(cmd)} matches its declared length (${p.declared} bytes, as the log shows), so the length is not the problem: the server could not process ${slp}.`,
      advice: 'Check the P2P binary header and the MSNSLP message the MSG carries (its start line, headers and their lengths).',
    };
  }
  if (p !== null && p.shown !== null && p.shown > p.declared) {
    return {
      inContext: `The length token of ${cmdText(cmd)} (${declared} bytes) does not match what was sent after the line. The log shows ${p.shown} bytes after the line.`,
      advice: 'Count the payload in bytes (UTF-8), headers and body included, not in characters.',
    };
  }
  if (p !== null && p.shown !== null) {
    // Fewer bytes shown than declared: a client that sent fewer, or a logger or paste that cut the body.
    return {
      inContext: `The log shows ${p.shown} of the ${declared} bytes the length token of ${cmdText(cmd)} declares. Either the client sent fewer bytes than it declared, the usual cause of 282, or the log cut the body; the log alone cannot tell which.`,
      advice: 'Count the payload in bytes (UTF-8), headers and body included, not in characters; if the count is right, check the MSNSLP data.',
    };
  }
  return {
    inContext: `The server could not process ${cmdText(cmd)}. The usual cause is a length token (${declared} bytes) that does not match what was sent after the line; the log does not show the body, so that cannot be checked here. Otherwise the server could not read ${slp}.`,
    advice: 'Count the payload in bytes (UTF-8), headers and body included, not in characters; if the count is right, check the MSNSLP data.',
  };
};

const groupRule: Rule = (c, cmd) =>
  cmd.command !== 'RMG' ? null : {
    inContext: `Group ${cmd.param(0) ?? '?'} still has contacts, so it cannot be removed.${c.info.code === 226 ? ' (226 is the code in the seed\'s example; its heading says 227 — both mean this.)' : ''}`,
    advice: 'Move or remove the group\'s contacts first, then RMG again.',
  };

/** How far back (in events) CALs to the same principal are counted: a burst is short. */
const CAL_LOOK_BACK = 5000;

/** Client CALs in log order with their principals, read when first needed. */
interface CalIndex {
  readonly ids: readonly number[];
  /** Principal of ids[k] (its first param): null when it has none, undefined until read. */
  readonly principals: (string | null | undefined)[];
  /** Reads a CAL's first param: cut from the log's bytes when the events have a store. */
  readonly read: (id: number) => string | undefined;
}

/** Once per events array: the CLI explains every error of a huge log, and 713s come in bursts of CALs. */
const CAL_INDEXES = new WeakMap<readonly LogEvent[], CalIndex>();

function calIndex(events: readonly LogEvent[]): CalIndex {
  let index = CAL_INDEXES.get(events);
  if (index === undefined) {
    const ids = idsOfVerb(events, 'CAL', 'client');
    const store = storeOf(events);
    const read = store === undefined ? (id: number) => events[id]?.params[0] : (id: number) => store.paramAt(id, 0);
    index = { ids, principals: new Array<string | null | undefined>(ids.length), read };
    CAL_INDEXES.set(events, index);
  }
  return index;
}

/** The principal of the index's k-th CAL, read from the log the first time it is asked for. */
function principalAt(index: CalIndex, k: number): string | null {
  let principal = index.principals[k];
  if (principal === undefined) {
    principal = index.read(index.ids[k] ?? 0) ?? null;
    index.principals[k] = principal;
  }
  return principal;
}

/**
 * The contact a CAL invites (its first param). Once 713s have built the CAL index it is read through it: on a
 * huge log the CALs that draw 217s also lie in 713 look-back windows, so each principal is cut out only once.
 */
function calledBy(c: ExplainContext, cmd: CommandRef): string | undefined {
  const index = CAL_INDEXES.get(c.events);
  if (index === undefined) return cmd.param(0);
  const k = lowerBound(index.ids, cmd.id);
  return index.ids[k] === cmd.id ? (principalAt(index, k) ?? undefined) : cmd.param(0);
}

/**
 * How many client CALs to `who` lie in [from, to). Each CAL's principal is cut from the log once and kept: the
 * look-back windows of a burst's 713s overlap, so most CALs are counted many times.
 */
function countCalsTo(events: readonly LogEvent[], who: string, from: number, to: number): number {
  const index = calIndex(events);
  const ids = index.ids;
  let n = 0;
  for (let k = lowerBound(ids, from); k < ids.length && (ids[k] ?? to) < to; k++) if ((principalAt(index, k) ?? '') === who) n++;
  return n;
}

/** Index of the first value >= x in the sorted list. */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const rule713: Rule = (c, cmd) => {
  if (cmd.command !== 'CAL') return rule713Other(c, cmd);
  calIndex(c.events); // built here, so calledBy reads through it
  const who = calledBy(c, cmd) ?? '';
  // CALs to the same principal in the bounded look-back before this one.
  const earlier = countCalsTo(c.events, who, Math.max(0, cmd.id - CAL_LOOK_BACK), cmd.id);
  if (earlier === 0) {
    return {
      inContext: `The log shows no earlier CAL to ${who}, so the limit was not reached by calling them again and again here: other calls used it up (to other contacts, before the log starts, or from another client signed in to this account).`,
      advice: 'Stop retrying: wait before calling again, and only call contacts shown online.',
    };
  }
  return {
    inContext: `This is CAL number ${earlier + 1} to ${who} in the log; the server now refuses further invitations to them for a while.`,
    advice: 'Stop retrying: wait before calling again, and only call contacts shown online.',
  };
};

/** 713 is documented only for repeated CALs (the seed's example): to any other command it is this server's own limit. */
const rule713Other: Rule = (c, cmd) => ({
  inContext: `713 (calling too rapidly) is documented as the answer to repeated CALs; here it answers ${cmdText(cmd)} on ${c.connection}, so this server also rate-limits ${cmd.command}.`,
  advice: `Slow down: wait before sending ${cmd.command} again.`,
});

const rule800: Rule = (c, cmd) => {
  if (cmd.command === 'REA') {
    // The seed: 800 refuses renaming yourself too often; renaming other principals is not limited.
    const own = signedInHandleOn(c, cmd.id);
    const target = cmd.param(0);
    if (own !== null && target !== undefined && bareHandle(target) !== own) {
      return {
        inContext: `${cmdText(cmd)} renames ${target}, not the signed-in account (${own}); the error list says renaming other contacts is not rate-limited, yet this server refused it with 800.`,
        advice: 'Rename contacts one at a time and wait for each reply before the next.',
      };
    }
  }
  if (cmd.command === 'XFR') {
    return {
      inContext: `The server rate-limited asking for switchboards (at most 8 in 60 seconds, refused requests included): ${cmdText(cmd)} was refused.`,
      advice: 'Back off: every refused request still counts towards the 8 in 60 seconds, so retrying at once only extends the wait.',
    };
  }
  const what = cmd.command === 'REA' ? 'renaming yourself' : cmd.command === 'CHG' ? 'changing status' : `sending ${cmd.command}`;
  return { inContext: `The server rate-limited ${what}: ${cmdText(cmd)} was refused.`, advice: `Back off: wait before sending ${cmd.command} again.` };
};

/** 913 to XFR SB: the log shows what the client's status was (its last CHG on this connection), or that it set none. */
const rule913: Rule = (c, cmd) => {
  if (cmd.command !== 'XFR') return null;
  const advice = 'Set a visible status with CHG before opening conversations.';
  const chg = lastClientOn(c, cmd.id, ['CHG']);
  if (chg >= 0) {
    const status = paramOf(c, chg, 0)?.toUpperCase() ?? '';
    const line = lineOfEvent(c, chg);
    return status === 'HDN'
      ? { inContext: `A switchboard was requested while appearing offline: the last status the client set was HDN (line ${line ?? chg}).`, advice }
      : { inContext: `A switchboard was refused as if the client were hidden or had no status, though its last CHG (line ${line ?? chg}) set ${status}.`, advice: 'Check that the server confirmed that CHG before XFR … SB was sent.' };
  }
  const usr = lastClientOn(c, cmd.id, ['USR']);
  if (usr >= 0) {
    return { inContext: `A switchboard was requested before the first status: the log shows the sign-in (line ${lineOfEvent(c, usr) ?? usr}) but no CHG after it on this connection.`, advice: 'Send the first CHG (a visible status) after the sign-in, before asking for a switchboard.' };
  }
  return { inContext: 'A switchboard was requested while appearing offline (HDN) or before the first CHG set a status.', advice };
};

const rule502: Rule = (c, cmd) => {
  const v = c.version;
  if (cmd.command === 'REA' && (v === null || v >= 10)) {
    return {
      inContext: `REA is gone from MSNP10 on${v === null ? '' : ` (negotiated: ${ver(v)})`}, so the server answers it as a disabled command.`,
      advice: 'Retrying never helps: rename yourself with PRP MFN, and a contact with SBP, as MSNP10 and later expect.',
    };
  }
  if (cmd.command === 'SYN' && (v === null || v >= 13)) {
    return {
      inContext: `SYN is gone from MSNP13 on${v === null ? '' : ` (negotiated: ${ver(v)})`}; the contact list comes from the address book service and is sent with ADL.`,
      advice: 'Retrying never helps: fetch the list from the address book service and send it with ADL.',
    };
  }
  return null;
};

const RULES: Readonly<Partial<Record<number, Rule>>> = {
  201: rule201, 205: rule205, 208: rule208, 215: rule215, 216: rule216, 217: rule217, 226: groupRule, 227: groupRule,
  282: rule282, 502: rule502, 540: rule540, 713: rule713, 800: rule800, 911: rule911, 913: rule913, 928: rule928,
};

/**
 * Advice for codes whose class default would mislead (a busy server told to check the credentials, a banned
 * account told to retry). Facts from the seed and msnp-protocol.md §9; kept in step with findings/login-codes.ts.
 */
const BUSY_ADVICE = 'The service is busy or unavailable; nothing is wrong with the client or the password: retry later.';
const SMS_ADVICE = 'The mobile (SMS) service refused it: check the account\'s mobile messaging setup; if it is a temporary condition, retry later.';
const CODE_ADVICE: Readonly<Partial<Record<number, string>>> = {
  207: 'This connection is already signed in: do not send USR again after USR OK.',
  209: 'Choose a name without blocked words; on a newly created account, confirm its e-mail address first.',
  210: 'Remove contacts from that list before adding more: the limit is the service\'s, not the command\'s.',
  215: 'Nothing to fix: the contact is already there.',
  216: 'Refresh the local contact list: the contact is not on the list the command expects.',
  217: 'Nothing is wrong with the command: the contact is offline, appears offline or does not exist. Wait until they show as online (NLN).',
  218: 'Nothing to fix: the setting already has this value.',
  219: 'Remove the contact from the other list (AL or BL) first: a contact cannot be on both.',
  220: 'Nothing the client can change: the contact does not accept pages.',
  223: 'Remove a group before adding another.',
  224: 'Use a group id the server listed (LSG), or create the group first (ADG).',
  225: 'Refresh the local contact list: the contact is not in that group, so there is nothing to remove.',
  228: 'Choose another name: a group with this name already exists, possibly on the Hotmail contact list.',
  229: 'Shorten the group name to at most 61 bytes once URL-encoded.',
  230: 'Nothing to retry: group 0 always stays; remove other groups only.',
  240: 'Remove the empty domain elements (a <d> with no <c> inside) from the ADL/RML payload.',
  241: 'Check the ADL/RML payload: only list bits the client may set (not RL or PL), and only contacts that are in the address book.',
  280: 'A server-side failure of the switchboard, not a bad command: request a new switchboard (XFR … SB).',
  281: 'A server-side failure of the switchboard, not a bad command: request a new switchboard (XFR … SB).',
  285: 'Shorten the message or split it.',
  290: 'Nothing wrong with the command: the mobile messaging account has no funds left.',
  300: 'Send the command with all its parameters: a mandatory one is missing.',
  302: 'Complete the sign-in (USR OK) before sending this command.',
  403: 'If it answers REM, check the format (the contact\'s GUID where one is expected, no `N=` prefix); otherwise the contact-list service has trouble: retry later.',
  413: SMS_ADVICE, 414: SMS_ADVICE, 415: SMS_ADVICE, 416: SMS_ADVICE, 417: SMS_ADVICE, 418: SMS_ADVICE, 419: SMS_ADVICE,
  420: 'Check the client name and version sent in CVR: the server refuses unofficial ones; a beta server also needs an account with beta rights.',
  500: 'Retry later: the service is having trouble. If it keeps coming at sign-in, the account may be banned.',
  502: 'Retrying never helps: the command belongs to a feature the service no longer has. Use what the negotiated protocol version offers instead.',
  508: 'The federated network refused it: nothing to fix in the client; retry later.',
  511: 'Retrying never helps: the account is banned from the service.',
  700: 'A server-side failure: retry later.',
  707: 'A server-side failure: retry later.',
  710: 'Check the CVR line: locale id, OS and client version fields.',
  711: 'A server-side condition: reconnect and retry later.',
  712: 'Send less on this session: the server accepts only so much traffic.',
  713: 'Stop retrying: wait before calling again, and only call contacts shown online.',
  714: 'Close sessions that are no longer used before asking for another switchboard.',
  717: 'Nothing wrong with the command: the stored contact list is damaged on the server side.',
  718: 'The account is restricted from this action: changing the command does not help.',
  719: 'The action is not available in a session with a federated contact.',
  726: 'The action is not available with a federated contact.',
  731: 'Check the CVR format and that CVR follows VER.',
  733: 'Nothing to fix: the account signed out from another place.',
  734: 'Sign out at one of the other places the account is signed in.',
  910: BUSY_ADVICE, 912: BUSY_ADVICE, 914: BUSY_ADVICE, 915: BUSY_ADVICE, 916: BUSY_ADVICE, 918: BUSY_ADVICE, 919: BUSY_ADVICE,
  921: BUSY_ADVICE, 922: BUSY_ADVICE,
  913: 'Set a visible status with CHG first: the command is refused while appearing offline (HDN) or before the first status.',
  920: 'The service is not accepting new users: try again later.',
  923: 'Check that the ticket was HTML-entity-decoded (`&amp;` → `&`); for a Kids\' Passport, that parental consent is given.',
  924: 'Verify the account (the confirmation e-mail) and try again.',
  926: 'Sign in with the client the account\'s administrator allows.',
  927: 'Retrying does not help: the account\'s administrator does not allow it to sign in.',
  928: 'Check that the ticket was HTML-entity-decoded before sending (`&amp;` must become `&`), and that redirects from the login server were followed.',
  931: 'Go through the dispatch server (messenger.hotmail.com) instead of a cached notification server.',
  933: 'Check the ADL: it names contacts or circles the account may not use.',
  935: 'Check how the client signs the request: the server refused its signature.',
};

/** Default advice by class when neither a rule nor CODE_ADVICE knows better. */
const CLASS_ADVICE: Readonly<Record<string, string>> = {
  '2xx': 'Fix the command or its parameters; the server will refuse it the same way again.',
  '3xx': 'Check the command\'s parameters and that the sign-in is complete.',
  '4xx': 'A contact-list service problem: retry later.',
  '5xx': 'A server-side problem: retry later.',
  '6xx': 'The server is busy or unavailable: retry later, through the dispatch server.',
  '7xx': 'Check the order and form of the commands sent at this point.',
  '8xx': 'Slow down: wait before repeating the command.',
  '9xx': 'A login or account problem: check the account, the credentials and the server used.',
};

/** The context sentence and advice for an error event. */
/** The text of the rule that knows this code against this command, or null when none does. */
export function specificRule(c: ExplainContext): ContextText | null {
  const rule = RULES[c.info.code];
  return c.command !== null && rule !== undefined ? rule(c, c.command) : null;
}

/** What the catalog alone says when no rule knows the case: the code against the command, version and close. */
export function catalogFallback(c: ExplainContext): ContextText {
  // 'sometimes': the log only shows that no server line follows (a hang-up, or the log ends), so say just that.
  const closing = c.info.closesConnection === 'always'
    ? (c.keptOpen === null ? ' The server closes the connection after it.' : ` The server usually closes the connection after it, but here it kept the connection open: ${keptOpenText(c.keptOpen)}.`)
    : c.info.closesConnection !== 'sometimes' || !c.closedAfter ? ''
      : c.logEnds ? ' The log ends here, so it does not show whether the server hung up, as servers sometimes do after this code.'
        : ' Nothing more from the server follows on this connection though the log goes on: it hung up, as servers sometimes do after this code.';
  const where = c.command === null
    ? `The command with TrId ${c.trId ?? '?'} is not in the log, so the error cannot be tied to it.`
    : `${c.info.title} in answer to ${cmdText(c.command)} on ${c.connection} (${ver(c.version)}).`;
  const unknown = c.info.name === 'unknown error' ? ' The code is not in the catalog.' : '';
  return { inContext: `${where}${closing}${unknown}`, advice: CODE_ADVICE[c.info.code] ?? CLASS_ADVICE[c.info.class] ?? 'Check the command.' };
}
