/** The one-line verdict at the top of a loaded log, built by the core from the findings. */
import { useMemo } from 'react';
import { buildVerdict } from '../../msnp/findings/verdict';
import type { ParseResult } from '../../msnp/types';

interface Props {
  readonly result: ParseResult;
}

export function VerdictLine({ result }: Props) {
  // The panel re-renders on every filter change; the verdict depends on the log alone.
  const verdict = useMemo(() => buildVerdict(result.findings, result.events), [result]);
  const worst = result.findings.some((f) => f.severity === 'error')
    ? 'error'
    : result.findings.some((f) => f.severity === 'warning')
      ? 'warning'
      : 'ok';
  return (
    <p className={`verdict is-${worst}`} data-testid="verdict" role="status">
      <span className="verdict-label">Verdict:</span> {verdict}
    </p>
  );
}
