import { expect, test } from 'vitest';
import { URL_UPGRADERS, upgradeUrlParams, type UrlUpgrader } from './url-upgraders';
import { URL_VERSION } from './url-state';

test('the table exists from v1 and has no step past the current version', () => {
  expect(Object.keys(URL_UPGRADERS).map(Number).every((v) => v >= 1 && v < URL_VERSION)).toBe(true);
});

test('upgraders run in order from the link version up to the target, then stamp the version', () => {
  const table: Record<number, UrlUpgrader> = {
    1: (p) => {
      p.set('q', `${p.get('q') ?? ''}+1`);
    },
    2: (p) => {
      const err = p.get('errclass');
      p.delete('errclass');
      if (err !== null) p.set('err', err);
    },
  };
  const params = new URLSearchParams('v=1&q=x&errclass=8xx');
  expect(upgradeUrlParams(params, 1, table, 3)).toEqual([]);
  expect(params.toString()).toBe('v=3&q=x%2B1&err=8xx');
});

test('a missing step is reported, not thrown', () => {
  const params = new URLSearchParams('v=1');
  expect(upgradeUrlParams(params, 1, {}, 3)).toEqual([1, 2]);
});
