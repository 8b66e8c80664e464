/**
 * TEMPORARY scaffold owned by the findings engineer (issue #4), who replaces it. Signature is the contract.
 */
import type { Connection, Diagnostic, Finding, LogEvent } from '../types';

export interface FindingsInput {
  readonly events: readonly LogEvent[];
  readonly connections: readonly Connection[];
  readonly diagnostics: readonly Diagnostic[];
  readonly hasTimes: boolean;
}

export function findFindings(input: FindingsInput): Finding[] {
  void input;
  return [];
}
