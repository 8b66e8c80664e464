/** The one-line verdict at the top of a loaded log, built by the core from the findings. */
import { useEffect, useRef } from 'react';
import type { ParseResult } from '../../msnp/types';
import { getVerdict } from '../../state/verdict';

interface Props {
  readonly result: ParseResult;
}

export function VerdictLine({ result }: Props) {
  // The verdict depends on the log alone: derived in the worker as it parsed, or once here (state/verdict.ts).
  const verdict = getVerdict(result);
  const ref = useRef<HTMLParagraphElement>(null);
  // A log opened from the keyboard (a sample, Enter) leaves the focus on the body, as the control that opened it
  // is gone: the verdict is the first thing to read. A focus the user placed elsewhere is left alone.
  useEffect(() => {
    const active = document.activeElement;
    if (active === null || active === document.body) ref.current?.focus({ preventScroll: true });
  }, [result]);
  const worst = result.findings.some((f) => f.severity === 'error')
    ? 'error'
    : result.findings.some((f) => f.severity === 'warning')
      ? 'warning'
      : 'ok';
  return (
    <p ref={ref} tabIndex={-1} className={`verdict is-${worst}`} data-testid="verdict" role="status">
      <span className="verdict-label">Verdict:</span> {verdict}
    </p>
  );
}
