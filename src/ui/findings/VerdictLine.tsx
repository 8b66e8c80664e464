/** The one-line verdict at the top of a loaded log, built by the core from the findings. */
import { buildVerdict } from '../../msnp/findings/verdict';
import type { ParseResult } from '../../msnp/types';

interface Props {
  readonly result: ParseResult;
}

export function VerdictLine({ result }: Props) {
  const worst = result.findings.some((f) => f.severity === 'error')
    ? 'error'
    : result.findings.some((f) => f.severity === 'warning')
      ? 'warning'
      : 'ok';
  return (
    <p className={`verdict is-${worst}`} data-testid="verdict" role="status">
      <span className="verdict-label">Verdict:</span> {buildVerdict(result.findings, result.events)}
    </p>
  );
}
