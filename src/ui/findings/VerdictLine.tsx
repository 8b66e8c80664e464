/** The one-line verdict at the top of a loaded log, built by the core from the findings. */
import type { ParseResult } from '../../msnp/types';
import { getVerdict } from '../../state/verdict';

interface Props {
  readonly result: ParseResult;
}

export function VerdictLine({ result }: Props) {
  // The verdict depends on the log alone: derived in the worker as it parsed, or once here (state/verdict.ts).
  const verdict = getVerdict(result);
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
