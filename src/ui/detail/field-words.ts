/**
 * The detail pane's fields in words: the core's enum values (`not-a-command`, `xfr-ns`, `hidden`) are names for
 * code, not for the person reading the pane. Exhaustive switches, so a new value cannot slip through unnamed.
 */
import { assertNever } from '../../msnp/assert';
import type { Connection, EventFlag, Payload, ReplyStatus } from '../../msnp/types';

export function statusWords(s: ReplyStatus): string {
  switch (s) {
    case 'answered':
      return 'answered';
    case 'error':
      return 'answered with an error';
    case 'unanswered':
      return 'expected a reply; none is in the log';
    case 'no-reply-expected':
      return 'no reply expected';
    case 'not-a-command':
      return 'not a command (a reply or a message from the server)';
    default:
      return assertNever(s, 'reply status');
  }
}

export function visibilityWords(v: Payload['visibility']): string {
  switch (v) {
    case 'full':
      return 'shown in full';
    case 'partial':
      return 'partly shown';
    case 'hidden':
      return 'not shown in the log';
    case 'summary':
      return 'summed up in one line by the log';
    default:
      return assertNever(v, 'payload visibility');
  }
}

/** How the analyzer told this connection apart from the others. */
export function inferredFromWords(from: Connection['inferredFrom']): string {
  switch (from) {
    case 'log':
      return 'the log names it';
    case 'xfr-ns':
      return 'it starts after a redirect (XFR … NS)';
    case 'sb-auth':
      return "it starts at a switchboard's USR or ANS";
    case 'trid-restart':
      return 'the TrIds start again here';
    case 'first':
      return 'the first connection of the log';
    case 'connection-event':
      return 'a connect line in the log opens it';
    case 'session-note':
      return "the client's log names its switchboard session before this line";
    default:
      return assertNever(from, 'connection origin');
  }
}

export function flagWords(f: EventFlag): string {
  switch (f) {
    case 'inferred':
      return 'read from a log message, not a wire line';
    case 'markup-removed':
      return 'forum or HTML markup removed to read it';
    case 'html-escaped':
      return 'HTML-escaped in the log';
    case 'wrapped':
      return 'continued on the next line, joined';
    case 'truncated':
      return 'cut off in the log';
    case 'redacted':
      return 'an address was removed from it';
    case 'invalid-utf8':
      return 'holds bytes that are not UTF-8';
    case 'inline':
      return 'one of several messages on one line';
    case 'glued':
      return 'started in the middle of the previous line';
    default:
      return assertNever(f, 'event flag');
  }
}
