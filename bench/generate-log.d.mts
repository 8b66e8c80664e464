// Types of bench/generate-log.mjs for the TypeScript that imports it (tests, the bench entry).
export type LogForm = 'transcript' | 'libpurple';

export interface GeneratedSummary {
  readonly form: LogForm;
  readonly seed: number;
  readonly bytes: number;
  readonly lines: number;
  /** Protocol messages a parser must find. */
  readonly messages: number;
  readonly clientMessages: number;
  readonly payloads: number;
  readonly errorReplies: number;
  readonly noiseLines: number;
  readonly sessions: number;
  readonly switchboards: number;
}

export const FORMS: readonly LogForm[];
export const DEFAULT_SEED: number;
export function generateLog(options: { bytes: number; form: LogForm; seed?: number }, sink: (chunk: string) => void): GeneratedSummary;
export function generateLogText(options: { bytes: number; form: LogForm; seed?: number }): { text: string; summary: GeneratedSummary };
export function parseSize(text: string): number;
export function writeLogFile(options: { bytes: number; label: string; form: LogForm; seed?: number; outDir: string }): GeneratedSummary & { label: string; path: string; summaryPath: string };
