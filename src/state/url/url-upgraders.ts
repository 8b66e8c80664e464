/**
 * Upgraders for old links: entry `n` turns the search params of a v`n` URL into v`n+1`, in place. The table
 * exists from v1 (empty until v2) so the first format change has a place to go and old links keep working,
 * as in Firefox Profiler's `_upgraders`.
 */
import { URL_VERSION } from './url-state';

export type UrlUpgrader = (params: URLSearchParams) => void;

export const URL_UPGRADERS: Readonly<Record<number, UrlUpgrader>> = {};

/** Runs every upgrader from `fromVersion` up to the current version; returns the versions it could not bridge. */
export function upgradeUrlParams(
  params: URLSearchParams,
  fromVersion: number,
  upgraders: Readonly<Record<number, UrlUpgrader>> = URL_UPGRADERS,
  toVersion: number = URL_VERSION,
): number[] {
  const missing: number[] = [];
  for (let v = fromVersion; v < toVersion; v++) {
    const up = upgraders[v];
    if (up) up(params);
    else missing.push(v);
  }
  params.set('v', String(toVersion));
  return missing;
}
