/**
 * The words of the load progress screen, from a progress report. A file holding logs in two formats is read twice
 * (msnp/parse-log.ts): the second read counts its bytes from 0 again, so the screen says so instead of letting the
 * bar jump back unexplained. After the last read the core analyses what it read (a second or more on a big log,
 * with no byte left to count), and the screen says that too instead of sitting on a full bar with no word.
 */
import { assertNever } from '../../msnp/assert';
import type { ProgressStage, ReadPass } from '../../msnp/types';
import { plural } from '../shared/format';

export interface LoadProgressText {
  /** 0–100, whole. */
  readonly percent: number;
  /** "Reading", "Reading again" or "Analysing", before the file name. */
  readonly verb: string;
  /** Bytes done of total, with the percentage. */
  readonly amount: string;
  /** The messages read: "so far" while reading, all of them once analysis has started. */
  readonly messages: string;
  /** Why the bar started over, during the second read only. */
  readonly why: string | null;
  /** What the parse is doing now that no more bytes are read; null while reading. */
  readonly doing: string | null;
}

export interface LoadProgressInput {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly events: number;
  readonly pass: ReadPass;
  readonly stage: ProgressStage;
}

export const SECOND_READ_WHY =
  'This file holds logs in two formats: the first read found a log in another format further down, so the file is being read again, each part in its own format. The bar has started over for this second read.';

export const ANALYSING_DOING = 'Analysing: pairing each command with its replies and looking for problems…';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function loadProgressText(p: LoadProgressInput): LoadProgressText {
  const percent = p.bytesTotal > 0 ? Math.min(100, Math.round((p.bytesDone / p.bytesTotal) * 100)) : 0;
  const bytes = `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)} (${percent} %)`;
  const amount = readAmount(p.pass, bytes);
  switch (p.stage) {
    case 'reading':
      return { percent, verb: readVerb(p.pass), amount, messages: `${plural(p.events, 'message')} so far`, why: p.pass === 'again' ? SECOND_READ_WHY : null, doing: null };
    case 'analysing':
      return { percent, verb: 'Analysing', amount, messages: `${plural(p.events, 'message')} read`, why: null, doing: ANALYSING_DOING };
    default:
      return assertNever(p.stage);
  }
}

function readVerb(pass: ReadPass): string {
  switch (pass) {
    case 'first':
      return 'Reading';
    case 'again':
      return 'Reading again';
    default:
      return assertNever(pass);
  }
}

function readAmount(pass: ReadPass, bytes: string): string {
  switch (pass) {
    case 'first':
      return bytes;
    case 'again':
      return `Second read: ${bytes}`;
    default:
      return assertNever(pass);
  }
}
