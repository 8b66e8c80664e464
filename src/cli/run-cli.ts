/**
 * The CLI as a function: arguments in, output through `io`, exit status out. main.ts wires it to the real
 * file system, process streams and the core pipeline; tests call it with fixtures and capture the output.
 *
 * Exit status: 0 for any file that could be read, whatever the log contains (errors in a log are findings, not
 * failures); 1 when the file cannot be read; 2 for a bad command line.
 */
import type { DialectId, LogEvent, ParseResult } from '../msnp/types';
import { assertNever } from '../msnp/assert';
import { parseArgs, USAGE } from './args';
import { writeAnalysisJson, type DocExtras, type ErrorNote } from './analysis-document';
import { formatText } from './format-text';

export interface CliIo {
  /** Reads a whole file (or standard input for `-`); throws a Node-style error with a `code` when it cannot. */
  readonly readFile: (path: string) => Uint8Array;
  readonly stdout: (chunk: string) => void;
  readonly stderr: (chunk: string) => void;
}

/** The pipeline the CLI runs: exactly the worker's `parseLog`, plus how to explain an error and sum up. */
export interface CliPipeline {
  readonly parse: (bytes: Uint8Array, options: { fileName: string; dialect?: DialectId }) => ParseResult;
  readonly explain: (event: LogEvent, result: ParseResult) => ErrorNote | null;
  readonly verdict: (result: ParseResult) => string | null;
}

export const EXIT_OK = 0;
export const EXIT_UNREADABLE = 1;
export const EXIT_USAGE = 2;

/** `ENOENT` → "no such file"; anything else keeps the system's own words. */
export function describeReadError(file: string, err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const why: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'it is a directory, not a file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a part of the path is not a directory',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'the name is too long',
  };
  const text = why[code] ?? (err instanceof Error ? err.message : String(err));
  return `msnp-analyze: cannot read ${file}: ${text}\n`;
}

export function runCli(argv: readonly string[], io: CliIo, pipeline: CliPipeline): number {
  const cmd = parseArgs(argv);
  switch (cmd.kind) {
    case 'help':
      io.stdout(`${USAGE}\n`);
      return EXIT_OK;
    case 'usage-error':
      io.stderr(`msnp-analyze: ${cmd.message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    case 'analyze':
      break;
    default:
      return assertNever(cmd, 'command');
  }
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(cmd.file);
  } catch (err: unknown) {
    io.stderr(describeReadError(cmd.file, err));
    return EXIT_UNREADABLE;
  }
  const fileName = cmd.file === '-' ? 'stdin' : cmd.file;
  const result = pipeline.parse(bytes, cmd.dialect === null ? { fileName } : { fileName, dialect: cmd.dialect });
  const extras: DocExtras = { explain: (e) => pipeline.explain(e, result), verdict: pipeline.verdict(result) };
  if (cmd.json) writeAnalysisJson(result, extras, io.stdout, { events: !cmd.noEvents });
  else io.stdout(formatText(result, extras, cmd.limit));
  return EXIT_OK;
}
