/**
 * The words of the load progress screen, from a progress report. A file holding logs in two formats is read twice
 * (msnp/parse-log.ts): the second read counts its bytes from 0 again, so the screen says so instead of letting the
 * bar jump back unexplained.
 */
import { assertNever } from '../../msnp/assert';
import type { ReadPass } from '../../msnp/types';

export interface LoadProgressText {
  /** 0–100, whole. */
  readonly percent: number;
  /** "Reading" or "Reading again", before the file name. */
  readonly verb: string;
  /** Bytes done of total, with the percentage. */
  readonly amount: string;
  /** Why the bar started over, on the second read only. */
  readonly why: string | null;
}

export const SECOND_READ_WHY =
  'This file holds logs in two formats: the first read found a log in another format further down, so the file is being read again, each part in its own format. The bar has started over for this second read.';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function loadProgressText(p: { readonly bytesDone: number; readonly bytesTotal: number; readonly pass: ReadPass }): LoadProgressText {
  const percent = p.bytesTotal > 0 ? Math.min(100, Math.round((p.bytesDone / p.bytesTotal) * 100)) : 0;
  const amount = `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)} (${percent} %)`;
  switch (p.pass) {
    case 'first':
      return { percent, verb: 'Reading', amount, why: null };
    case 'again':
      return { percent, verb: 'Reading again', amount: `Second read: ${amount}`, why: SECOND_READ_WHY };
    default:
      return assertNever(p.pass);
  }
}
