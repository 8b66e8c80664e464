/**
 * Test helpers for the findings tests (issue #4): read a fixture log from `fixtures/msnp/findings/` and run the
 * whole pipeline on it, exactly as the worker and the CLI do.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseLog } from '../msnp/parse-log';
import type { Finding, FindingKind, ParseResult } from '../msnp/types';

export const FINDINGS_FIXTURES = join(process.cwd(), 'fixtures/msnp/findings');

/** Parses `fixtures/msnp/findings/<name>` (a path below that folder), passing the file name unless told not to. */
export function parseFindingsFixture(name: string, withFileName = true): ParseResult {
  const bytes = new Uint8Array(readFileSync(join(FINDINGS_FIXTURES, name)));
  return parseLog(bytes, withFileName ? { fileName: name } : {});
}

/** Every `.log` file directly inside `fixtures/msnp/findings/<sub>`. */
export function listFindingsFixtures(sub = ''): string[] {
  return readdirSync(join(FINDINGS_FIXTURES, sub))
    .filter((f) => f.endsWith('.log'))
    .sort()
    .map((f) => (sub === '' ? f : `${sub}/${f}`));
}

export function findingsOfKind(result: ParseResult, kind: FindingKind): Finding[] {
  return result.findings.filter((f) => f.kind === kind);
}

/** Source lines of a finding's evidence, for assertions that read like the log. */
export function evidenceLines(result: ParseResult, finding: Finding): number[] {
  return finding.evidence.map((id) => result.events[id]?.line ?? -1);
}
