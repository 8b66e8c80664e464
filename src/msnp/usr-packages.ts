/**
 * The USR command's shapes by authentication package and stage, in one place (msnp-protocol.md §2, §4.1). The
 * first parameter of a client USR is either a package, and the USR is a step of a sign-in, or an account, and the
 * USR presents a switchboard's cookie:
 *   USR 3 TWN I alice@example.com                 package TWN, stage I (initial): the account
 *   USR 3 TWN S lc=1033,id=507,tw=40,…            the server's challenge (TWN/SSO: a policy; MD5: a salt)
 *   USR 4 TWN S t=53*1hAu8ADuD3TEwdXoOMi08s…      the client's answer (TWN/SSO: a ticket; MD5: a hash)
 *   USR 1 alice@example.com 17262740.1050826919.32308   a switchboard: account and cookie
 * The parameter names of the detail pane, the event builder's sign-in mark and the connection stage's switchboard
 * test all read this table.
 */
import { firstParamIs, type TokenizedMessage } from './types';

export type UsrPackage = 'MD5' | 'TWN' | 'SSO' | 'SHA' | 'CTP';

export interface PackageFacts {
  /** Its USR lines are the steps of the sign-in ladder the login findings rebuild (MD5 2–7, TWN 8–14, SSO 15+). */
  readonly ladder: boolean;
  /** What the server's `USR t PKG S x` sends the client. */
  readonly challenge: string;
  /** What the client's `USR t PKG S x` answers with. */
  readonly answer: string;
}

const PACKAGES: Readonly<Record<UsrPackage, PackageFacts>> = {
  MD5: { ladder: true, challenge: 'salt', answer: 'password hash' },
  TWN: { ladder: true, challenge: 'policy or challenge', answer: 'ticket' },
  SSO: { ladder: true, challenge: 'policy or challenge', answer: 'ticket' },
  // MSNP18 circles: `USR t SHA A <b64>`, after the sign-in.
  SHA: { ladder: false, challenge: 'policy or challenge', answer: 'ticket' },
  // MSNP2's clear-text password (`USR 4 CTP S hunter2`): the ladder has no steps for it.
  CTP: { ladder: false, challenge: 'policy or challenge', answer: 'clear-text password' },
};

const BY_NAME: ReadonlyMap<string, UsrPackage> = new Map(
  (Object.keys(PACKAGES) as UsrPackage[]).map((p) => [p, p]),
);

/** The packages whose USR lines make the sign-in ladder, in a fixed order (`MD5`, `TWN`, `SSO`). */
export const LADDER_PACKAGES: readonly UsrPackage[] = (Object.keys(PACKAGES) as UsrPackage[]).filter((p) => PACKAGES[p].ladder);

/** The package a USR's first parameter names (any letter case), or null: then the USR is a switchboard's. */
export function usrPackageOf(first: string | undefined): UsrPackage | null {
  if (first === undefined || first.length !== 3) return null;
  return BY_NAME.get(first) ?? BY_NAME.get(first.toUpperCase()) ?? null;
}

/** What is known of a package: whether it walks the ladder, and what its `S` stage carries each way. */
export function packageFacts(pkg: UsrPackage): PackageFacts {
  return PACKAGES[pkg];
}

/**
 * A client USR that is a step of the sign-in ladder (`USR 3 TWN I a@b`), read on the message's first parameter
 * without building it: the event builder asks this of every USR of a long log.
 */
export function isLadderUsrMessage(m: TokenizedMessage): boolean {
  for (let k = 0; k < LADDER_PACKAGES.length; k++) {
    if (firstParamIs(m, LADDER_PACKAGES[k] ?? '')) return true;
  }
  return false;
}
