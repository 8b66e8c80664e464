/**
 * A tiny test DSL for the meaning stages: build `TokenizedMessage[]` from transcript-like lines without the
 * reading half (dialects, tokenizer). Not a parser of real logs.
 *
 *   '>>> CAL 5 a@b.com'            client line          '<<< 216 5'   server line
 *   '@10:00:01 >>> PNG'            with a time (HH:MM:SS) '{NS 000} >>> VER 1 MSNP15'  with the log's connection name
 *   '... body text'                the visible payload body of the previous line (its header's last token is the length)
 */
import type { Direction, Payload, TokenizedMessage } from '../msnp/types';

/** Verbs that never carry a TrId, by direction (the real table lives in the reading half's commands.ts). */
const NO_TRID: Record<Direction, ReadonlySet<string>> = {
  client: new Set(['PNG']),
  server: new Set(['NLN', 'FLN', 'UBX', 'UBN', 'UBM', 'NOT', 'IPG', 'RNG', 'NFY', 'JOI', 'BYE', 'QNG', 'MSG', 'BPR']),
};
const PAYLOAD_VERBS = new Set(['MSG', 'QRY', 'ADL', 'RML', 'UUX', 'UBX', 'GCF', 'NOT', 'IPG', 'FQY', 'UUN', 'UBN']);

// e.g. "@10:00:01 {SB 004} >>> CAL 5 a@b.com"
const LINE = /^(?:@(\d\d):(\d\d):(\d\d)\s+)?(?:\{([^}]*)\}\s+)?(>>>|<<<)\s?(.*)$/;

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

function toMessage(text: string, lineNo: number): TokenizedMessage {
  const m = LINE.exec(text);
  if (m === null) throw new Error(`messagesFromLines: cannot read "${text}"`);
  const [, hh, mm, ss, hint, arrow, body = ''] = m;
  const direction: Direction = arrow === '>>>' ? 'client' : 'server';
  const tokens = body.split(' ');
  const command = tokens[0] ?? '';
  const isError = /^\d{3}$/.test(command);
  const second = tokens[1];
  const hasTrId = second !== undefined && /^\d+$/.test(second) && (isError || !NO_TRID[direction].has(command));
  // Documentation writes `ADL TrId xxx` / `240 <TrId>`: the tokenizer marks the placeholder and drops it.
  const placeholder = second !== undefined && /^<?trid>?$/i.test(second);
  const params = tokens.slice(hasTrId || placeholder ? 2 : 1);
  const last = params[params.length - 1];
  const payload: Payload | null =
    last !== undefined && /^\d+$/.test(last) && (PAYLOAD_VERBS.has(command) || (isError && params.length === 1))
      ? { declaredBytes: Number(last), visibility: 'hidden', shownBytes: null, text: '', firstLine: null, lastLine: null }
      : null;
  return {
    line: lineNo, endLine: lineNo, direction, connectionHint: hint ?? null, kindHint: null,
    time: hh === undefined ? null : ((Number(hh) * 60 + Number(mm)) * 60 + Number(ss)) * 1000,
    command, errorCode: isError ? Number(command) : null, trId: hasTrId ? Number(second) : null,
    params, raw: body, payload, flags: [],
    ...(placeholder ? { trIdPlaceholder: true } : {}),
  };
}

/** Build tokenized messages from DSL lines; line numbers are the 1-based positions in `lines`. */
export function messagesFromLines(...lines: string[]): TokenizedMessage[] {
  const out: TokenizedMessage[] = [];
  lines.forEach((text, k) => {
    if (text.startsWith('... ')) {
      const prev = out.pop();
      if (prev?.payload == null) throw new Error(`messagesFromLines: body without a payload header at ${k + 1}`);
      const bodyText = text.slice(4);
      out.push({
        ...prev, endLine: k + 1,
        payload: { ...prev.payload, visibility: 'full', shownBytes: utf8Length(bodyText), text: bodyText, firstLine: k + 1, lastLine: k + 1 },
      });
      return;
    }
    out.push(toMessage(text, k + 1));
  });
  return out;
}
