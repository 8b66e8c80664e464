import { describe, expect, it } from 'vitest';
import type { LoginAttempt, LoginStep } from '../../msnp/types';
import { parseFindingsFixture } from '../../test-utils/findings-fixtures';
import { rungWords } from './ladder-words';

function attemptOf(fixture: string): LoginAttempt {
  const result = parseFindingsFixture(fixture);
  for (const f of result.findings) if (f.detail.kind === 'login') return f.detail.attempt;
  throw new Error(`${fixture} has no login finding`);
}

function wordsOf(attempt: LoginAttempt): string[] {
  return attempt.steps.map((s, i) => `${s.name}: ${rungWords(attempt, i)}`);
}

describe('login ladder rung words', () => {
  it('says a step missing from a sign-in the server confirmed is not in the log, not "not reached"', () => {
    const attempt = attemptOf('cut-first-line.log');
    expect(attempt.outcome).toBe('signed-in');
    const words = wordsOf(attempt);
    expect(words).toContain('USR OK: done');
    expect(words).toContain('SYN/ADL: not in the log');
    expect(words).toContain('CHL/QRY: not in the log');
    expect(words.filter((w) => w.endsWith('not reached'))).toEqual([]);
  });

  it('keeps "not reached" for the steps after the one a failed attempt stopped at', () => {
    const words = wordsOf(attemptOf('md5-910-hash.log'));
    expect(words).toContain('USR S (hash): failed here');
    expect(words).toContain('USR OK: not reached');
    expect(words).toContain('CHL/QRY: not reached');
    expect(words.filter((w) => w.endsWith('not in the log'))).toEqual([]);
  });

  it('says a step skipped before a later step that is done is not in the log, whatever the outcome', () => {
    const step = (name: string, state: LoginStep['state']): LoginStep => ({ name, state, events: [] });
    const attempt: LoginAttempt = {
      generation: 'SSO',
      protocolVersion: 15,
      outcome: 'no-reply',
      steps: [step('VER', 'done'), step('CVR', 'not-reached'), step('USR I', 'stopped'), step('USR OK', 'not-reached')],
      connections: [],
      startTime: null,
      logEndsAtCommand: false,
    };
    expect(wordsOf(attempt)).toEqual(['VER: done', 'CVR: not reached', 'USR I: stopped here', 'USR OK: not reached']);
    const skipped: LoginAttempt = { ...attempt, steps: [step('VER', 'done'), step('CVR', 'not-reached'), step('USR I', 'done'), step('USR OK', 'stopped')] };
    expect(wordsOf(skipped)).toEqual(['VER: done', 'CVR: not in the log', 'USR I: done', 'USR OK: stopped here']);
  });
});
