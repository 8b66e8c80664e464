/**
 * What the detail pane says about one error, and in which order. A reader selected this error to learn what it
 * means here, so the in-context sentence leads. The catalog's general meaning mostly restates it in broader
 * words (217: "offline, appears offline, …" twice), so it is tucked behind a toggle; only when no rule knew the
 * case is the in-context sentence a bare "<title> in answer to …", and then the general meaning is the substance
 * and is shown as a line of its own.
 */
import type { Explanation } from '../../msnp/explain';

export type GeneralMeaning =
  /** The in-context text was built from the catalog alone: the general meaning carries the explanation. */
  | { readonly kind: 'shown'; readonly label: string; readonly text: string }
  /** A rule explained this case: the general meaning is background, one click away. */
  | { readonly kind: 'collapsed'; readonly label: string; readonly text: string };

export interface ExplanationParts {
  readonly answer: string;
  readonly general: GeneralMeaning;
  readonly advice: string;
  /** "The server closes the connection…", unless the answer already says the server hangs up. */
  readonly closes: string | null;
  readonly note: string | null;
}

/** Rules such as 540's and the fallback for always-closing codes already say it in the answer. */
const SAYS_HANG_UP = /\b(hangs up|hung up|closes the connection)\b/i;

export function explanationParts(ex: Explanation): ExplanationParts {
  const label = `Code ${ex.code} in general`;
  const general: GeneralMeaning = !ex.fromRule
    ? { kind: 'shown', label, text: ex.meaning }
    : { kind: 'collapsed', label, text: ex.meaning };
  const closes = ex.closesConnection && !SAYS_HANG_UP.test(ex.inContext) ? 'The server closes the connection after this error.' : null;
  return { answer: ex.inContext, general, advice: ex.advice, closes, note: ex.versionNote ?? null };
}
