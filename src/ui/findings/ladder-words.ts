/**
 * The words a login ladder rung shows for its state. The core marks every step it did not see as `not-reached`;
 * that is only true before the attempt stopped. A step missing from an attempt that went past it (the server
 * confirmed the sign-in, or a later step is done) was not "not reached": the log simply does not show it, and
 * saying "not reached" under a successful sign-in sends a reader looking for a failure that is not there.
 */
import type { LoginAttempt, LoginStep } from '../../msnp/types';
import { assertNever } from '../../msnp/assert';

export type RungWords = 'done' | 'failed here' | 'stopped here' | 'not reached' | 'not in the log';

/** True when the attempt got past step `index` although the step itself is not in the log. */
function passedWithoutSeeing(attempt: LoginAttempt, index: number): boolean {
  if (attempt.outcome === 'signed-in') return true;
  return attempt.steps.slice(index + 1).some((s) => s.state === 'done');
}

export function rungWords(attempt: LoginAttempt, index: number): RungWords {
  const step: LoginStep | undefined = attempt.steps[index];
  if (step === undefined) return 'not reached';
  switch (step.state) {
    case 'done':
      return 'done';
    case 'failed':
      return 'failed here';
    case 'stopped':
      return 'stopped here';
    case 'not-reached':
      return passedWithoutSeeing(attempt, index) ? 'not in the log' : 'not reached';
    default:
      return assertNever(step.state, 'login step state');
  }
}

