/**
 * The filter language's vocabulary: the parsed term union and the list of fields. Pure data, shared by the
 * parser (filter-parse.ts), the evaluator (filter-eval.ts) and the help popover (filter-help.ts).
 */
import type { Direction, ErrorClass } from '../../msnp/types';

/** `is:` values. */
export const IS_VALUES = ['error', 'unanswered', 'orphan', 'inferred'] as const;
export type IsValue = (typeof IS_VALUES)[number];

/** An inclusive range of error codes: `800` is {800,800}, `7xx` {700,799}, `>=700` {700,999}. */
export interface CodeRange {
  readonly min: number;
  readonly max: number;
}

export type TermBody =
  | { readonly kind: 'cmd'; readonly commands: readonly string[] }
  | { readonly kind: 'code'; readonly ranges: readonly CodeRange[] }
  | { readonly kind: 'class'; readonly classes: readonly ErrorClass[] }
  | { readonly kind: 'dir'; readonly dir: Direction }
  | { readonly kind: 'conn'; readonly connections: readonly string[] }
  | { readonly kind: 'trid'; readonly trIds: readonly number[] }
  | { readonly kind: 'is'; readonly what: IsValue }
  | { readonly kind: 'finding'; readonly finding: string }
  | { readonly kind: 'text'; readonly text: string };

export type TermKind = TermBody['kind'];

/** One term of a query, with where it sits in the text (0-based, end exclusive). */
export interface FilterTerm {
  readonly body: TermBody;
  readonly negated: boolean;
  readonly start: number;
  readonly end: number;
  /** The term exactly as typed, e.g. `-dir:client`. */
  readonly source: string;
}

/** A problem with one part of the query, to show under the search box and to underline. */
export interface FilterProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface ParsedFilter {
  readonly terms: readonly FilterTerm[];
  readonly problems: readonly FilterProblem[];
}

/** The field names, in the order the help lists them. */
export const FIELDS = ['cmd', 'code', 'class', 'dir', 'conn', 'trid', 'is', 'finding'] as const;
export type FieldName = (typeof FIELDS)[number];
