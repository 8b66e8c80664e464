// Logs of one repeated shape, for `npm run bench -- --shapes`: the inputs where a parser that is fast on a normal
// log can turn quadratic or make an object per line (every line a problem to report). Each is a plain text log
// of about `bytes` bytes, the same on every run (no randomness), written next to the generated logs.

/** @typedef {{ readonly name: string, readonly what: string, readonly line: (k: number) => string }} Shape */

/** @type {readonly Shape[]} */
export const SHAPES = [
  { name: 'grep-800', what: 'a server log grepped for 800: every line a refusal whose command is not in the log',
    line: (k) => `<<< 800 ${k + 1}` },
  { name: 'unanswered', what: 'commands with new TrIds and no reply at all',
    line: (k) => `>>> CAL ${k + 1} someone${k % 97}@example.invalid` },
  { name: 'empty-prefixes', what: 'a `>>>` prefix with nothing after it on every line (unreadable lines)',
    line: () => '>>>' },
  { name: 'mismatched', what: 'every reply carries a TrId no command has (orphans and unanswered commands)',
    line: (k) => (k % 2 === 0 ? `>>> CHG ${k + 1} NLN 0` : `<<< 800 ${k + 1_000_000}`) },
  { name: 'made-up-verbs', what: 'thousands of verbs the analyzer does not know',
    line: (k) => `>>> ${verb(k)} ${k + 1} x y` },
  { name: 'server-sign-ins', what: 'an Escargot server log: a sign-in per connection, every seventh refused with 911',
    line: (k) => signIn(k) },
];

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function verb(k) {
  return `${LETTERS[k % 26]}${LETTERS[Math.floor(k / 26) % 26]}${LETTERS[Math.floor(k / 676) % 26]}`;
}

/** Line k of the server log: sessions of 12 lines each. */
function signIn(k) {
  const s = Math.floor(k / 12);
  const c = `NS/${s.toString(16)}`;
  const who = `u${s}@example.invalid`;
  switch (k % 12) {
    case 0: return `${c} >>> VER 1 MSNP15 CVR0`;
    case 1: return `${c} <<< VER 1 MSNP15`;
    case 2: return `${c} >>> CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 8.5.1302 msmsgs ${who}`;
    case 3: return `${c} <<< CVR 2 8.5.1302 8.5.1302 8.5.1302 http://x.invalid http://x.invalid`;
    case 4: return `${c} >>> USR 3 SSO I ${who}`;
    case 5: return `${c} <<< USR 3 SSO S MBI_KEY_OLD bm9uY2U=`;
    case 6: return `${c} >>> USR 4 SSO S t=ticket bm9uY2U=`;
    case 7: return s % 7 === 0 ? `${c} <<< 911 4` : `${c} <<< USR 4 OK ${who} 1 0`;
    case 8: return `${c} >>> CHG 5 NLN 0`;
    case 9: return `${c} <<< CHG 5 NLN 0`;
    case 10: return `${c} >>> OUT`;
    default: return `${c} <<< OUT`;
  }
}

/** The text of a shape's log of about `bytes` bytes (whole lines, `\n` after each). */
export function shapeText(shape, bytes) {
  const parts = [];
  let n = 0;
  for (let k = 0; n < bytes; k++) {
    const line = `${shape.line(k)}\n`;
    parts.push(line);
    n += line.length;
  }
  return parts.join('');
}
