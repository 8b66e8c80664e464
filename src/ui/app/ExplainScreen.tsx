/**
 * What the user sees instead of a table when a file holds nothing to analyze: it is empty, it is binary, or
 * none of the known log formats matched. Says plainly what was found and offers a forced format.
 */
import { describeCapture } from '../../msnp/capture/index';
import type { DialectCandidate, DialectId, NonProtocolLine, ParseResult } from '../../msnp/types';
import { formatCount, plural } from '../shared/format';
import { DIALECT_NAMES, DialectSelect } from './DialectSelect';
import { detectedCandidate } from './detection-text';

export type InputProblem = 'empty' | 'binary' | 'not-msnp';

/** Every line is blank: counted by the store when there is one (a big non-log file has a million lines). */
function allBlank(result: ParseResult): boolean {
  const np = result.tables?.nonProtocol;
  return np !== undefined ? np.blankCount === np.length : result.nonProtocol.every((l) => l.reason === 'blank');
}

/** The first `max` non-blank lines, without building an entry for every line of the file. */
function firstNonBlank(result: ParseResult, max: number): NonProtocolLine[] {
  const out: NonProtocolLine[] = [];
  const np = result.nonProtocol;
  for (let k = 0; k < np.length && out.length < max; k++) {
    const l = np[k];
    if (l !== undefined && l.reason !== 'blank') out.push(l);
  }
  return out;
}

/** Whether a result has nothing to show, and why. Null when there are protocol messages. */
export function inputProblem(result: ParseResult): InputProblem | null {
  if (result.events.length > 0) return null;
  if (result.input.bytes === 0 || allBlank(result)) return 'empty';
  if (result.input.encoding === 'binary') return 'binary';
  return 'not-msnp';
}

interface Props {
  readonly result: ParseResult;
  readonly problem: InputProblem;
  readonly fileName: string;
  readonly override: DialectId | null;
  readonly onDialect: (d: DialectId | null) => void;
}

const TITLES: Readonly<Record<InputProblem, string>> = {
  empty: 'This file is empty',
  binary: 'This file is not text',
  'not-msnp': 'No MSN Messenger protocol found in this file',
};

const DIALECT_COUNT = Object.keys(DIALECT_NAMES).length;

/**
 * Every format detection tried, each with what it looks for. All of them, not the best few: a user whose Miranda
 * log did not match must see that Miranda was tried. Match counts only where a format matched something (after
 * a forced format); a column of "0 of 4" says nothing the heading does not.
 */
function FormatsTried({ candidates }: { candidates: readonly DialectCandidate[] }) {
  const anyMatched = candidates.some((c) => c.matched > 0);
  return (
    <>
      <h3>What the analyzer looked for</h3>
      <p>{anyMatched ? `The ${plural(candidates.length, 'format')} it reads, best match first:` : `The ${plural(candidates.length, 'format')} it reads; none matched a line:`}</p>
      <ul data-testid="formats-tried">
        {candidates.map((c) => (
          <li key={c.dialect}>
            {DIALECT_NAMES[c.dialect]}: lines like <code>{c.pattern}</code>
            {c.matched > 0 ? ` (${plural(c.matched, 'line')} of the first ${formatCount(c.examined)} match)` : null}
          </li>
        ))}
      </ul>
    </>
  );
}

function body(result: ParseResult, problem: InputProblem): string {
  const { input } = result;
  switch (problem) {
    case 'empty':
      return input.bytes === 0
        ? 'The file has no bytes at all. Check that the log was saved before it was copied.'
        : `The file has ${plural(input.bytes, 'byte')}, but only blank lines.`;
    case 'binary':
      return `About ${Math.round(input.binaryRatio * 100)} % of its first 64 KB are control or NUL bytes, so it looks like a binary file (an archive, an image, a database), not a text log. If it is a compressed log or capture, unpack it first; packet captures are read in the pcap and pcapng formats (in Wireshark: File › Save As).`;
    case 'not-msnp':
      if (input.capture !== undefined) {
        return `It is ${describeCapture(input.capture)}, and none of its TCP connections carries MSNP: the analyzer reads connections on port 1863, connections whose first line reads as an MSNP command, and sessions of the MSN HTTP gateway (POST /gateway/gateway.dll). Anything sent over TLS cannot be read from a capture.`;
      }
      return `It has ${plural(input.lines, 'line')} of text, but none of them looks like an MSNP command or reply in any of the ${plural(DIALECT_COUNT, 'format')} the analyzer reads.`;
  }
}

/**
 * A forced format that matched nothing: it is the user's choice that failed, not the file. Says what detection
 * finds instead and offers the way back to it.
 */
function ForcedFormatMiss({ result, forced, onDialect }: { result: ParseResult; forced: DialectId; onDialect: (d: DialectId | null) => void }) {
  const found = detectedCandidate(result.detection);
  return (
    <>
      <p data-testid="forced-format-miss">
        You chose to read this file as {DIALECT_NAMES[forced]}, and none of its {plural(result.input.lines, 'line')} matched that
        format.{' '}
        {found === null
          ? 'Detection finds no format that matches either.'
          : `Detection reads it as ${DIALECT_NAMES[found.dialect]} (${plural(found.matched, 'line')} of the first ${plural(found.examined, 'line')} match).`}
      </p>
      <p>
        <button type="button" className="primary" data-testid="back-to-detect" onClick={() => onDialect(null)}>
          {found === null ? 'Detect the format again' : `Read it as ${DIALECT_NAMES[found.dialect]} (detect again)`}
        </button>
      </p>
    </>
  );
}

export function ExplainScreen({ result, problem, fileName, override, onDialect }: Props) {
  const forced = result.detection.forced && override !== null && problem !== 'empty' && result.input.capture === undefined ? override : null;
  const sample = firstNonBlank(result, 8);
  const capture = result.input.capture !== undefined;
  // A capture is read one way only (its TCP streams): the dialect candidates and the format picker do not apply.
  const candidates = capture ? [] : result.detection.candidates;
  // A binary file is not any text format: no picker, unless the user forced one and needs the way back.
  const offerFormats = problem === 'not-msnp' && !capture;
  return (
    <section className="explain-screen" data-testid="input-problem" data-problem={problem} aria-labelledby="problem-title">
      <h2 id="problem-title">{forced === null ? TITLES[problem] : `Nothing in this file reads as ${DIALECT_NAMES[forced]}`}</h2>
      {forced === null ? (
        <>
          <p>
            <span className="mono">{fileName}</span>: {body(result, problem)}
          </p>
        </>
      ) : (
        <ForcedFormatMiss result={result} forced={forced} onDialect={onDialect} />
      )}
      {offerFormats && candidates.length > 0 ? <FormatsTried candidates={candidates} /> : null}
      {sample.length > 0 && problem !== 'binary' ? (
        <>
          <h3>The file starts with</h3>
          <pre>{sample.map((l) => `${l.line}: ${l.text}`).join('\n')}</pre>
        </>
      ) : null}
      {offerFormats ? (
        <p>
          If you know the format, read the file as it:{' '}
          <DialectSelect detection={result.detection} override={override} onChange={onDialect} />
        </p>
      ) : null}
      <p>You can drop another file anywhere on this page, or use “Open log…” above.</p>
    </section>
  );
}
