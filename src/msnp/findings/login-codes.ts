/**
 * What an error code means at a given login step, and what to check. Written for this analyzer from the facts of
 * the seed's error list and msnp-protocol.md §4.2/§9; the same code can mean different things at different
 * steps (911 on `USR I` is a bad account name, after the ticket it is a bad password or ticket).
 */

import { assertNever } from '../assert';
import type { LoginAttempt } from '../types';

export interface CodeExplanation {
  readonly meaning: string;
  readonly check: string;
}

/**
 * 911 to the credentials (§4.2 state 6: wrong password, bad ticket, bad SSO response or GUID), by what the client
 * sent: with MD5 the server checks the password hash itself; with TWN and SSO the password went to Passport, and
 * the notification server checks the ticket (and, with SSO, the response computed from the policy's nonce); a
 * wrong password fails at Passport, outside the log (§4.2 state 5), except on servers that check it here.
 */
function authFailed(generation: LoginAttempt['generation']): CodeExplanation {
  switch (generation) {
    case 'MD5':
      return {
        meaning: 'authentication failed: the hash of the salt and the password did not match, so the password is wrong',
        check: 'Check the password, and that the hash is the MD5 of the salt as sent followed by the password.',
      };
    case 'TWN':
      return {
        meaning: 'authentication failed: the ticket was refused as stale or invalid (a revival server may also answer 911 here to a wrong password)',
        check: 'Check the password, and that the ticket comes fresh from this sign-in (not cached) and is sent unchanged.',
      };
    case 'SSO':
      return {
        meaning:
          'authentication failed: the ticket, the response computed from the policy’s nonce, or the machine GUID was refused (a revival server may also answer 911 to a wrong password here)',
        check: 'Check that the ticket comes fresh from this sign-in and that the response is computed from the nonce of this USR S policy with the session key Passport returned; then the password.',
      };
    case 'MSNP21':
    case 'unknown':
      return {
        meaning: 'authentication failed: the password is wrong, or the ticket is stale or invalid',
        check: 'Check the password, and that the ticket comes fresh from this sign-in (not cached) and is sent unchanged.',
      };
    default:
      return assertNever(generation, 'login generation');
  }
}

const BUSY = new Set([500, 600, 601, 602, 603, 604, 605, 910, 912, 914, 915, 916, 918, 919, 921, 922]);
const TICKET_STEPS = new Set(['USR S (ticket)', 'USR S (hash)']);

/** Explains `code` as an answer to the login step `step` of a sign-in of `generation` (LoginAttempt.generation). */
export function explainLoginCode(
  code: number, step: string, errorName: string | null, generation: LoginAttempt['generation'] = 'unknown', version: number | null = null,
): CodeExplanation {
  if (BUSY.has(code)) return busy(code);
  switch (code) {
    case 911:
      return TICKET_STEPS.has(step)
        ? authFailed(generation)
        : {
            meaning: 'the server could not accept the account name or the USR line is malformed',
            check: 'Check the sign-in name: a full address with a domain, and the USR line format for this protocol version.',
          };
    case 928:
      return badTicket(version);
    case 923:
      return {
        meaning: "the ticket was refused: either it was not HTML-entity-decoded, or it belongs to a Kids' Passport without parental consent",
        check: "Check that the ticket was HTML-entity-decoded (`&amp;` → `&`); for a Kids' Passport, that parental consent is given.",
      };
    case 924:
      return {
        meaning: 'the Passport account is not verified yet',
        check: 'Verify the account (the confirmation e-mail) and try again.',
      };
    case 931:
      return {
        meaning: 'the account is not on this notification server: the client went straight to a cached server address',
        check: 'Go through the dispatch server (messenger.hotmail.com) instead of a cached notification server.',
      };
    case 511:
      return { meaning: 'the account is banned from the service', check: 'Retrying never helps: the account is banned from the service.' };
    case 920:
      return { meaning: 'the service is not accepting new users', check: 'Try again later.' };
    case 710:
    case 731:
    case 420:
      return cvrProblem(code);
    case 715:
      return step === 'VER'
        ? { meaning: 'the server did not expect this command: VER was sent twice', check: 'Send VER once per connection.' }
        : {
            meaning: 'the server did not expect this command here: GCF and SYN were sent in the wrong order',
            check: 'Send the list sync (SYN) and the Shields request (GCF) in the order the protocol version expects.',
          };
    case 205:
      return { meaning: 'the server knows no account by that sign-in name', check: 'Check the sign-in name for typos.' };
    case 208:
      return {
        meaning: 'the sign-in name is not an acceptable account name',
        check: 'Check the sign-in name: one full address, with a single @ and a domain.',
      };
    case 206:
      return { meaning: 'the account name has no domain', check: 'Sign in with the full address (name@domain).' };
    case 207:
      return { meaning: 'this connection is already signed in', check: 'Do not send USR again after USR OK.' };
    case 540:
      return {
        // Whether the server then closed the connection is the log's to say (login-text.ts closeClause), not the code's.
        meaning: 'the answer to the server challenge (QRY) was wrong',
        check: 'Check the challenge algorithm and product key for this protocol version (MD5 up to MSNP10, a new algorithm from MSNP11).',
      };
    case 502:
      return {
        meaning: 'the command is disabled for this protocol version (SYN is gone from MSNP13 on)',
        check: 'Use the commands of the negotiated version (ADL instead of SYN from MSNP13).',
      };
    case 201:
      return { meaning: 'a parameter was refused (for example an invalid status)', check: 'Check the parameters of the command.' };
    case 240:
    case 241:
      return {
        meaning: 'the contact list payload (ADL) was refused as malformed',
        check: 'Check the ADL XML: no empty domains, valid list bits, contacts that are in the address book.',
      };
    default:
      return {
        meaning: `the server refused it${errorName === null ? '' : ` (${errorName})`}`,
        check: `Look up code ${code} in the error list for what the server expects at this step.`,
      };
  }
}

/**
 * 928 by version (the seed): before MSNP13 mostly a ticket from the wrong login server (its redirects not
 * followed); from MSNP13, whose ticket arrives inside XML, also one whose `&amp;` was not decoded.
 */
function badTicket(version: number | null): CodeExplanation {
  if (version !== null && version < 13) {
    return {
      meaning: 'the server could not accept the ticket; before MSNP13 that is mostly a ticket from the wrong login server, the Passport login\'s redirects not followed',
      check: 'Follow every redirect of the Passport login to the end and send the ticket that server returns.',
    };
  }
  return {
    meaning: 'the server could not read the ticket',
    check: 'Check that the ticket was HTML-entity-decoded before sending (`&amp;` must become `&`), and that redirects from the login server were followed.',
  };
}

function busy(code: number): CodeExplanation {
  const banned = code === 500 ? ' (500 can also mean the account is banned)' : '';
  return {
    meaning: `the service is busy or down${banned}`,
    check: 'Nothing is wrong with the client or the password: retry later.',
  };
}

function cvrProblem(code: number): CodeExplanation {
  switch (code) {
    case 710:
      return {
        meaning: 'the CVR parameters were refused (for example an invalid locale id)',
        check: 'Check the CVR line: locale id, OS and client version fields.',
      };
    case 731:
      return {
        meaning: 'the CVR line was malformed or came out of order',
        check: 'Check the CVR format and that CVR follows VER.',
      };
    default:
      return {
        meaning: 'the account may not use this client: an unofficial client name or version, or a beta without permission',
        check: 'Check the client name and version sent in CVR.',
      };
  }
}

/** What a server `OUT reason` means. */
/**
 * The reason the walk gives a bare server OUT that came while a CHL was still unanswered. Not a token a server
 * could send (it holds spaces), so no real `OUT <reason>` reads as it.
 */
export const UNANSWERED_CHALLENGE = 'no QRY to the CHL';

export function explainSignOut(reason: string): CodeExplanation {
  switch (reason) {
    case UNANSWERED_CHALLENGE:
      return {
        meaning: 'the server closed the session (OUT) while its challenge (CHL) was still unanswered: the client never sent the QRY',
        check: 'Answer every CHL with a QRY right away (the challenge response for this protocol version); a client that does not is signed out.',
      };
    case 'OTH':
      return { meaning: 'the account signed in elsewhere (OUT OTH)', check: 'Look for another client or device signing in with the same account.' };
    case 'SSD':
      return { meaning: 'the server is shutting down (OUT SSD)', check: 'Reconnect through the dispatch server.' };
    case 'MIG':
      return { meaning: 'the account is being moved to another server (OUT MIG)', check: 'Reconnect through the dispatch server.' };
    case 'TOU':
      return { meaning: 'the server asked the client to accept new terms of use (OUT TOU)', check: 'Sign in with an official client once to accept them.' };
    case 'RCT':
      return { meaning: 'the server asked the client to reconnect later (OUT RCT)', check: 'Wait the number of minutes the OUT line gives, then reconnect.' };
    case '':
      return { meaning: 'the server closed the session (OUT without a reason)', check: 'Reconnect; if it repeats, look at what the client sent just before.' };
    default:
      return { meaning: `the server closed the session (OUT ${reason})`, check: 'Reconnect through the dispatch server.' };
  }
}
