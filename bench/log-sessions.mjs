// The sessions of the bench log generator (see generate-log.mjs): what happens on the wire, not how a log
// tool prints it. The same seeded stream of sessions is rendered in two shapes that real users hand us:
//   - `transcript`: the seed's bare form, `>>>` client→server / `<<<` server→client, payload bodies on the
//     following lines (their declared lengths count UTF-8 bytes with CRLF between body lines, as on the wire);
//   - `libpurple`: a Pidgin debug log, `(HH:MM:SS) msn: C: NS 000: …`, payloads not shown, many other categories
//     interleaved as noise.
// Each session is a whole login: dispatch → XFR NS → notification server (TWN or SSO, SYN or ADL, CHG + ILN),
// then keep-alives, presence, challenges, switchboards (CAL/RINGING/JOI or RNG/ANS/IRO, MSG N/A/U/D with
// ACK/NAK), 713 CAL bursts, 800 bursts (REA, CHG, XFR SB), scattered error replies and failed logins.

/** mulberry32: tiny, fast, good enough for test data; the same seed always gives the same log. */
export function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(next() * arr.length)];
  const chance = (p) => next() < p;
  const hex = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(next() * 16)];
    return s;
  };
  return { next, int, pick, chance, hex };
}

const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory',
  'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'zoe', 'jose', 'mei', 'yuki', 'olga'];
const DOMAINS = ['hotmail.com', 'msn.com', 'live.com', 'passport.com', 'example.invalid'];
const NICKS = ['Zoë ☕', 'Ålesund rocks', 'José (away)', '日本語の名前', 'Привет мир', 'Grüße 😀', 'plain name',
  'Ça va?', '¡Hola!', 'Łukasz', 'Μαρία', 'naïve café'];
const TEXTS = ['hi there', 'are you around?', 'héllo wörld', 'ok see you tomorrow', 'これはテストです',
  'Привет, как дела?', 'brb 5 min ☕', 'did you get the file?', 'ça marche 👍', 'Zürich → Genève',
  'lol', 'meeting moved to 15:00', '¿qué tal?', 'the build is green again', '数据已经发送了'];
const IPS = ['207.46.124.151', '65.54.239.20', '207.46.108.64', '64.4.61.110', '65.55.71.40', '207.46.26.108'];

const utf8Bytes = (s) => Buffer.byteLength(s, 'utf8');

/** The MIME body of a switchboard text message; ends in text so its last shown line is never empty. */
function textBody(rng) {
  const text = rng.pick(TEXTS);
  return `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\n\r\n${text}`;
}

function profileBody(rng, user) {
  return [
    'MIME-Version: 1.0',
    'Content-Type: text/x-msmsgsprofile; charset=UTF-8',
    `LoginTime: ${1200000000 + rng.int(0, 99999999)}`,
    'EmailEnabled: 1',
    `MemberIdHigh: ${rng.int(1, 99999)}`,
    `MemberIdLow: -${rng.int(1, 999999999)}`,
    'lang_preference: 1033',
    `preferredEmail: ${user}`,
    'country: US',
    'Kid: 0',
    'Flags: 1073759299',
    `ClientIP: ${rng.pick(IPS)}`,
    'ClientPort: 0',
    '',
    'end',
  ].join('\r\n');
}

/**
 * Builds the stream of records of one generator run. A record is a protocol message
 * ({kind:'msg', dir, conn, text, body, t}) or a noise line ({kind:'noise', text, t}) — noise only shows in forms
 * that have other log categories (libpurple), so every form carries the same protocol messages.
 */
export function makeSessionWriter(rng, emit) {
  const clock = { t: 8 * 3600_000 + rng.int(0, 3600_000) };
  let sbSerial = 0;
  const tick = (lo = 5, hi = 400) => (clock.t += rng.int(lo, hi));
  const conn = (kind) => ({ kind, serial: kind === 'SB' ? ++sbSerial : 0, trId: 0 });
  // libpurple numbers server connections per sign-in (NS 000, then SB 001, 002 …), so a new login starts over.
  const newLogin = () => {
    sbSerial = 0;
  };
  const c = (cn, text, body = null) => emit({ kind: 'msg', dir: 'C', conn: cn, text, body, t: tick() });
  const s = (cn, text, body = null) => emit({ kind: 'msg', dir: 'S', conn: cn, text, body, t: tick(20, 900) });
  const noise = (text) => emit({ kind: 'noise', text, t: clock.t });
  const tr = (cn) => ++cn.trId;
  const handle = () => `${rng.pick(FIRST)}.${rng.pick(FIRST)}${rng.int(1, 999)}@${rng.pick(DOMAINS)}`;
  const nick = () => encodeURIComponent(rng.pick(NICKS));
  return { rng, clock, tick, conn, newLogin, c, s, noise, tr, handle, nick };
}

function dispatch(w, v, user) {
  const ds = w.conn('NS');
  const pkg = v >= 15 ? 'SSO' : 'TWN';
  w.noise(`proxy: Connecting to messenger.hotmail.com:1863 with no proxy`);
  let t = w.tr(ds);
  w.c(ds, `VER ${t} MSNP${v} CVR0`);
  w.s(ds, `VER ${t} MSNP${v}`);
  t = w.tr(ds);
  w.c(ds, `CVR ${t} 0x0409 winnt 5.1 i386 MSNMSGR 8.5.1302 BC01 ${user}`);
  w.s(ds, `CVR ${t} 14.0.8064 14.0.8064 8.1.0178 http://msgr.dlservice.microsoft.com http://download.live.com/?sku=messenger`);
  t = w.tr(ds);
  w.c(ds, `USR ${t} ${pkg} I ${user}`);
  const ns = w.rng.pick(IPS);
  w.s(ds, v >= 13 ? `XFR ${t} NS ${ns}:1863 U D` : `XFR ${t} NS ${ns}:1863 0 ${w.rng.pick(IPS)}:1863`);
  w.noise(`proxy: Attempting connection to ${ns}`);
  return ds.trId;
}

/** NS login; returns the connection, or null when the password was refused (911) and the client gives up. */
function notificationLogin(w, v, user, firstTrId) {
  const ns = w.conn('NS');
  ns.trId = firstTrId; // clients such as the seed's keep counting across the redirect
  const pkg = v >= 15 ? 'SSO' : 'TWN';
  let t = w.tr(ns);
  w.c(ns, `VER ${t} MSNP${v} CVR0`);
  w.s(ns, `VER ${t} MSNP${v}`);
  t = w.tr(ns);
  w.c(ns, `CVR ${t} 0x0409 winnt 5.1 i386 MSNMSGR 8.5.1302 BC01 ${user}`);
  w.s(ns, `CVR ${t} 14.0.8064 14.0.8064 8.1.0178 http://msgr.dlservice.microsoft.com http://download.live.com/?sku=messenger`);
  t = w.tr(ns);
  w.c(ns, `USR ${t} ${pkg} I ${user}`);
  if (v >= 13) {
    const shields = `<?xml version="1.0" encoding="utf-8" ?><config><shield><cli maj="7" min="0" minbld="0" maxbld="9999" deny=" " /></shield><block></block></config>`;
    w.s(ns, `GCF 0 ${utf8Bytes(shields)}`, shields);
    w.noise('msn: Processing GCF command');
  }
  w.s(ns, pkg === 'SSO' ? `USR ${t} SSO S MBI_KEY_OLD ${w.rng.hex(24)}` : `USR ${t} TWN S ct=1268843598,rver=5.5.4182.0,wp=FS_40SEC_0_COMPACT,lc=1033,id=507,tw=0,kpp=1,kv=4,rn=${w.rng.hex(8)}`);
  w.noise('soap: Posting request to login.live.com:443');
  w.tick(300, 2500);
  t = w.tr(ns);
  w.c(ns, `USR ${t} ${pkg} S t=${w.rng.hex(120)}&p=${w.rng.hex(60)}${pkg === 'SSO' ? ` ${w.rng.hex(40)}` : ''}`);
  if (w.rng.chance(0.04)) {
    w.s(ns, `911 ${t}`);
    w.noise('msn: Authentication failed');
    return null;
  }
  w.s(ns, v >= 10 ? `USR ${t} OK ${user} 1 0` : `USR ${t} OK ${user} ${w.nick()} 1 0`);
  if (v >= 11) w.s(ns, 'SBS 0 null');
  const profile = profileBody(w.rng, user);
  w.s(ns, `MSG Hotmail Hotmail ${utf8Bytes(profile)}`, profile);
  return ns;
}

function syncLists(w, v, ns, contacts) {
  const t = w.tr(ns);
  if (v >= 13) {
    const items = contacts.map((h) => `<c n="${h.split('@')[0]}" l="3" t="1" />`).join('');
    const ml = `<ml l="1"><d n="hotmail.com">${items}</d></ml>`;
    w.c(ns, `ADL ${t} ${utf8Bytes(ml)}`, ml);
    w.s(ns, `ADL ${t} OK`);
    return;
  }
  const groups = w.rng.int(1, 4);
  w.c(ns, `SYN ${t} 0 0`);
  w.s(ns, `SYN ${t} ${w.rng.int(10, 900)} ${w.rng.int(10, 900)} ${contacts.length} ${groups}`);
  w.s(ns, 'GTC A');
  w.s(ns, 'BLP AL');
  for (let g = 0; g < groups; g++) w.s(ns, `LSG ${encodeURIComponent(w.rng.pick(['Friends', 'Work', 'Família', '家族']))} ${w.rng.hex(8)}`);
  for (const h of contacts) w.s(ns, `LST N=${h} F=${w.nick()} C=${w.rng.hex(8)} ${w.rng.pick([3, 11, 13])}`);
}

function goOnline(w, v, ns, contacts) {
  const t = w.tr(ns);
  w.c(ns, `CHG ${t} NLN 1342177280`);
  w.s(ns, `CHG ${t} NLN 1342177280`);
  for (const h of contacts) if (w.rng.chance(0.4)) w.s(ns, `ILN ${t} ${w.rng.pick(['NLN', 'AWY', 'BSY'])} ${h} ${w.nick()} 1342177280`);
  if (v >= 11) {
    for (const h of contacts) {
      if (!w.rng.chance(0.2)) continue;
      const data = `<Data><PSM>${w.rng.pick(TEXTS)}</PSM><CurrentMedia></CurrentMedia></Data>`;
      w.s(ns, `UBX ${h} ${utf8Bytes(data)}`, data);
    }
  }
}


const cookie = (w) => `${w.rng.int(100000000, 2000000000)}.${w.rng.int(1000000, 9999999)}.${w.rng.int(1000000, 9999999)}`;

/** A chat on an open switchboard: client MSG with every ack type, the peer's MSGs, ACK/NAK/282 replies. */
function conversation(w, sb, peer) {
  const n = w.rng.int(1, 14);
  for (let i = 0; i < n; i++) {
    if (w.rng.chance(0.45)) {
      const body = textBody(w.rng);
      w.s(sb, `MSG ${peer} ${w.nick()} ${utf8Bytes(body)}`, body);
      continue;
    }
    const ack = w.rng.pick(['N', 'N', 'A', 'U', 'D']);
    const t = w.tr(sb);
    const body = textBody(w.rng);
    w.c(sb, `MSG ${t} ${ack} ${utf8Bytes(body)}`, body);
    if (ack === 'A') w.s(sb, w.rng.chance(0.9) ? `ACK ${t}` : `NAK ${t}`);
    else if (ack === 'N' && w.rng.chance(0.05)) w.s(sb, `NAK ${t}`);
    else if (ack === 'D') w.s(sb, w.rng.chance(0.85) ? `ACK ${t}` : `282 ${t}`);
  }
}

/** The seed's 713 pattern: CALs to an offline principal answered 217 five times, then 713 on the sixth. */
function callBurst713(w, sb) {
  const target = w.handle();
  const reuse = w.rng.chance(0.5); // the seed's example reuses one TrId for all six
  let t = w.tr(sb);
  for (let i = 0; i < 6; i++) {
    if (!reuse && i > 0) t = w.tr(sb);
    w.c(sb, `CAL ${t} ${target}`);
    w.s(sb, i < 5 ? `217 ${t}` : `713 ${t}`);
  }
}

function callPeer(w, sb, peer, force713) {
  if (force713) {
    callBurst713(w, sb);
    return false;
  }
  const t = w.tr(sb);
  w.c(sb, `CAL ${t} ${peer}`);
  const roll = w.rng.next();
  if (roll < 0.84) {
    w.s(sb, `CAL ${t} RINGING ${w.rng.int(10000000, 99999999)}`);
    w.s(sb, `JOI ${peer} ${w.nick()}`);
    return true;
  }
  if (roll < 0.92) w.s(sb, `217 ${t}`);
  else if (roll < 0.95) w.s(sb, `216 ${t}`);
  else if (roll < 0.97) w.s(sb, `208 ${t}`);
  else callBurst713(w, sb);
  return false;
}

function closeSwitchboard(w, sb, peer, joined) {
  if (joined && w.rng.chance(0.5)) w.s(sb, `BYE ${peer}${w.rng.chance(0.3) ? ' 1' : ''}`);
  w.c(sb, 'OUT');
  w.noise(`msn: switchboard: destroying switchboard ${sb.serial}`);
}

function outgoingSwitchboard(w, v, ns, user, contacts, force713 = false) {
  const t = w.tr(ns);
  w.c(ns, `XFR ${t} SB`);
  const ck = cookie(w);
  w.s(ns, `XFR ${t} SB ${w.rng.pick(IPS)}:1863 CKI ${ck}${v >= 13 ? ' U messenger.msn.com' : ''}${v >= 14 ? ' 1' : ''}`);
  const sb = w.conn('SB');
  const st = w.tr(sb);
  w.c(sb, `USR ${st} ${user} ${ck}`);
  if (w.rng.chance(0.01)) {
    w.s(sb, `911 ${st}`); // a rejected cookie: the switchboard is dead
    return;
  }
  w.s(sb, `USR ${st} OK ${user} ${w.nick()}`);
  const peer = w.rng.pick(contacts);
  const joined = callPeer(w, sb, peer, force713);
  if (joined) conversation(w, sb, peer);
  closeSwitchboard(w, sb, peer, joined);
}

function incomingSwitchboard(w, v, ns, user) {
  const ck = cookie(w);
  const sess = w.rng.int(10000000, 99999999);
  const inviter = w.handle();
  w.s(ns, `RNG ${sess} ${w.rng.pick(IPS)}:1863 CKI ${ck} ${inviter} ${w.nick()}${v >= 13 ? ' U messenger.msn.com' : ''}`);
  const sb = w.conn('SB');
  const t = w.tr(sb);
  w.c(sb, `ANS ${t} ${user} ${ck} ${sess}`);
  const n = w.rng.int(1, 3);
  for (let i = 1; i <= n; i++) w.s(sb, `IRO ${t} ${i} ${n} ${i === 1 ? inviter : w.handle()} ${w.nick()}`);
  w.s(sb, `ANS ${t} OK`);
  conversation(w, sb, inviter);
  closeSwitchboard(w, sb, inviter, true);
}

/** 800 bursts: four quick REAs/CHGs accepted and the fifth refused; nine XFR SB in a minute, the ninth refused. */
function rateLimitBurst(w, v, ns, user) {
  const kind = v <= 9 ? w.rng.pick(['REA', 'CHG', 'XFR']) : w.rng.pick(['CHG', 'XFR']);
  const allowed = kind === 'XFR' ? 8 : 4;
  const attempts = allowed + w.rng.int(1, 3);
  for (let i = 0; i < attempts; i++) {
    const t = w.tr(ns);
    const ok = i < allowed;
    if (kind === 'REA') {
      const name = w.nick();
      w.c(ns, `REA ${t} ${user} ${name}`);
      w.s(ns, ok ? `REA ${t} ${w.rng.int(100, 999)} ${user} ${name}` : `800 ${t}`);
    } else if (kind === 'CHG') {
      const st = w.rng.pick(['AWY', 'BSY', 'NLN', 'BRB']);
      w.c(ns, `CHG ${t} ${st} 1342177280`);
      w.s(ns, ok ? `CHG ${t} ${st} 1342177280` : `800 ${t}`);
    } else {
      w.c(ns, `XFR ${t} SB`);
      w.s(ns, ok ? `XFR ${t} SB ${w.rng.pick(IPS)}:1863 CKI ${cookie(w)}` : `800 ${t}`);
    }
    w.tick(50, 900);
  }
}

function challenge(w, ns) {
  w.s(ns, `CHL 0 ${w.rng.int(10000000, 99999999)}${w.rng.int(100000000, 999999999)}`);
  const t = w.tr(ns);
  const answer = w.rng.hex(32);
  w.c(ns, `QRY ${t} msmsgs@msnmsgr.com 32`, answer);
  if (w.rng.chance(0.01)) {
    w.s(ns, `540 ${t}`); // a wrong answer: the server closes the connection
    return false;
  }
  w.s(ns, `QRY ${t}`);
  return true;
}

/** Scattered error replies to list and status commands, one of the catalog's codes per call. */
function listError(w, v, ns) {
  const t = w.tr(ns);
  const who = w.handle();
  const roll = w.rng.next();
  if (roll < 0.3) {
    w.c(ns, `CHG ${t} FLN 0`);
    w.s(ns, `201 ${t}`);
  } else if (v >= 13) {
    const ml = `<ml><d n="${who.split('@')[1]}"><c n="${who.split('@')[0]}" l="8" t="1" /></d></ml>`;
    w.c(ns, `ADL ${t} ${utf8Bytes(ml)}`, ml);
    w.s(ns, `241 ${t} ${utf8Bytes(ml)}`, ml); // an error that carries the offending XML back
  } else if (v >= 10) {
    w.c(ns, `ADC ${t} FL N=${who} F=${who}`);
    w.s(ns, `${w.rng.pick(['208', '215', '210'])} ${t}`);
  } else {
    w.c(ns, `ADD ${t} FL ${who} ${who}`);
    w.s(ns, `${w.rng.pick(['205', '215', '201'])} ${t}`);
  }
}

function presence(w, contacts) {
  const h = w.rng.pick(contacts);
  return w.rng.chance(0.7) ? `NLN ${w.rng.pick(['NLN', 'AWY', 'BSY', 'IDL', 'PHN'])} ${h} ${w.nick()} 1342177280` : `FLN ${h}`;
}

const NOISE = ['util: Writing file blist.xml to directory /home/user/.purple', 'blist: Updating buddy list cache',
  'account: Connecting to account', 'connection: Connecting. gc = 04424558', 'dnsquery: IP resolved for messenger.hotmail.com',
  'proxy: Connection in progress', 'g_log: gtk_widget_size_allocate(): attempt to allocate widget with width -5',
  'msn: Processing GCF command', 'sound: Playing /usr/share/sounds/purple/receive.wav', 'prefs: /pidgin/blist/width changed'];

/**
 * One activity on a signed-in notification connection. Returns false when the server closed the connection.
 * Weights are rough shares of a real day: mostly keep-alives, presence and chats.
 */
function activity(w, v, ns, user, contacts) {
  const r = w.rng.next();
  if (r < 0.2) {
    w.c(ns, 'PNG');
    if (w.rng.chance(0.98)) w.s(ns, v >= 9 ? 'QNG 50' : 'QNG');
  } else if (r < 0.42) w.s(ns, presence(w, contacts));
  else if (r < 0.55) outgoingSwitchboard(w, v, ns, user, contacts);
  else if (r < 0.66) incomingSwitchboard(w, v, ns, user);
  else if (r < 0.72) return challenge(w, ns);
  else if (r < 0.74) rateLimitBurst(w, v, ns, user);
  else if (r < 0.77) listError(w, v, ns);
  else if (r < 0.8 && v >= 11) {
    const data = `<Data><PSM>${w.rng.pick(TEXTS)}</PSM><CurrentMedia></CurrentMedia></Data>`;
    const t = w.tr(ns);
    w.c(ns, `UUX ${t} ${utf8Bytes(data)}`, data);
    w.s(ns, `UUX ${t} 0`);
  } else w.noise(w.rng.pick(NOISE));
  w.tick(200, 20000);
  return true;
}

/** One whole login, from the dispatch server to OUT; stops early (at an activity boundary) when `stop()` says so. */
export function generateSession(w, user, stop) {
  const v = w.rng.pick([8, 9, 12, 15, 15, 18]);
  const contacts = Array.from({ length: w.rng.int(5, 40) }, () => w.handle());
  w.newLogin();
  w.noise(`account: Connecting to account ${user}`);
  const next = dispatch(w, v, user);
  const ns = notificationLogin(w, v, user, next);
  if (ns === null) return;
  syncLists(w, v, ns, contacts);
  goOnline(w, v, ns, contacts);
  const activities = w.rng.int(30, 400);
  // Every session has at least one 800 burst and one 713 burst, somewhere in its first 30 activities.
  const burstAt = w.rng.int(0, 29);
  const calAt = w.rng.int(0, 29);
  for (let i = 0; i < activities && !stop(); i++) {
    if (i === burstAt) rateLimitBurst(w, v, ns, user);
    if (i === calAt) outgoingSwitchboard(w, v, ns, user, contacts, true);
    if (!activity(w, v, ns, user, contacts)) return;
  }
  if (w.rng.chance(0.05)) w.s(ns, 'OUT OTH');
  else w.c(ns, 'OUT');
}
