/**
 * Command-line arguments of `npm run analyze -- FILE [--json [--no-events]] [--format DIALECT] [--limit N]`.
 * Parsing never throws: a bad command line is a `usage-error` the caller prints with the usage text.
 */
import type { DialectId } from '../msnp/types';

export const DIALECTS: readonly DialectId[] = ['transcript', 'doc', 'libpurple', 'papyon', 'amsn', 'escargot', 'miranda', 'capture'];

/** How many items each list of the text report shows before "… and N more". */
export const DEFAULT_LIMIT = 50;

export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string }
  | {
      readonly kind: 'analyze';
      readonly file: string;
      readonly json: boolean;
      /** --json without the events list (a server's log of millions of events gives a document of gigabytes). */
      readonly noEvents: boolean;
      readonly dialect: DialectId | null;
      /** 0 = no limit. */
      readonly limit: number;
    };

export const USAGE = `Usage: npm run analyze -- FILE [--json [--no-events]] [--format DIALECT] [--limit N]

Reads an MSNP (MSN Messenger protocol) session log and reports what happened: the detected log format,
connections and protocol versions, counts by command and by error class, every error explained against the
command it answers, unanswered commands, replies without a command, findings and a verdict.

  FILE              the log file (any of the supported formats; UTF-8 or UTF-16, any line ends)
  --json            print one JSON document instead (schema: docs/json-schema.md, docs/analysis.schema.json)
  --no-events       with --json: leave the events list empty (and say so with "eventsOmitted": true); the
                    connections, findings, accounts, counts and verdict stay. For logs of millions of events.
  --format DIALECT  skip format detection and read the file as DIALECT, one of:
                    ${DIALECTS.join(', ')}
  --limit N         text form: show at most N items per list (default ${DEFAULT_LIMIT}; 0 shows all)
  -h, --help        show this help

Exit status: 0 whenever the file could be read, whatever the log contains; 1 when it cannot be read
(missing, a directory, no permission); 2 for a bad command line.`;

const isDialect = (s: string): s is DialectId => (DIALECTS as readonly string[]).includes(s);

/** Reads argv (without `node` and the script). */
export function parseArgs(argv: readonly string[]): CliCommand {
  let file: string | null = null;
  let json = false;
  let noEvents = false;
  let dialect: DialectId | null = null;
  let limit = DEFAULT_LIMIT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--json') json = true;
    else if (arg === '--no-events') noEvents = true;
    else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? argv[++i] : arg.slice('--format='.length);
      if (value === undefined || !isDialect(value)) {
        return { kind: 'usage-error', message: `--format needs one of: ${DIALECTS.join(', ')} (got ${value ?? 'nothing'})` };
      }
      dialect = value;
    } else if (arg === '--limit' || arg.startsWith('--limit=')) {
      const value = arg === '--limit' ? argv[++i] : arg.slice('--limit='.length);
      if (value === undefined || !/^\d+$/.test(value)) return { kind: 'usage-error', message: `--limit needs a number (got ${value ?? 'nothing'})` };
      limit = Number(value);
    } else if (arg.startsWith('-') && arg !== '-') return { kind: 'usage-error', message: `unknown option ${arg}` };
    else if (file !== null) return { kind: 'usage-error', message: `one FILE only (got ${file} and ${arg})` };
    else file = arg;
  }
  if (file === null) return { kind: 'usage-error', message: 'no FILE given' };
  if (noEvents && !json) return { kind: 'usage-error', message: '--no-events goes with --json (the text form lists no events)' };
  return { kind: 'analyze', file, json, noEvents, dialect, limit };
}
