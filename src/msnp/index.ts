/**
 * The public API of the protocol core. The UI may import types and cheap look-ups from here; the parse pipeline
 * (`parseLog`) is for the worker and the CLI.
 */
export * from './types';
export { parseLog, headLines } from './parse-log';
export { dump, dumpEvent, formatTime } from './dump';
export { decodeBytes, utf8Length } from './decode';
export type { DecodedInput, LineTable } from './decode';
export { commandSpec, isErrorCode, isKnownCommand, knownCommands } from './commands';
export type { CommandSpec, TrIdRule } from './commands';
export { tokenizeLine, displayParam, displayParams } from './tokenize';
export type { Tokens } from './tokenize';
export { DIALECTS, detectDialect, dialectById } from './dialects/index';
export { toTranscript } from './to-transcript';
export { checkLineCoverage } from './coverage';
export type { CoverageReport } from './coverage';
