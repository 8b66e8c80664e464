import { describe, expect, it } from 'vitest';
import { messagesFromLines } from '../test-utils/messages-from-lines';
import { paramNames } from './param-names';
import { isLadderUsrMessage, LADDER_PACKAGES, packageFacts, usrPackageOf } from './usr-packages';
import { isSwitchboardUsr } from './verb-roles';

describe('USR packages (one table for the pane, the builder and the connection stage)', () => {
  it('tells a sign-in step from a switchboard USR by the first parameter', () => {
    expect(['MD5', 'TWN', 'SSO', 'SHA', 'CTP', 'twn'].map(usrPackageOf)).toEqual(['MD5', 'TWN', 'SSO', 'SHA', 'CTP', 'TWN']);
    expect(usrPackageOf('alice@example.com')).toBeNull();
    expect(isSwitchboardUsr(['alice@example.com', '17262740.1050826919.32308'])).toBe(true);
    expect(isSwitchboardUsr(['TWN', 'I', 'alice@example.com'])).toBe(false);
  });

  it('marks only the ladder packages as sign-in steps (SHA authenticates circles after the sign-in)', () => {
    expect(LADDER_PACKAGES).toEqual(['MD5', 'TWN', 'SSO']);
    const marked = messagesFromLines('>>> USR 3 MD5 I a@b.c', '>>> USR 3 TWN I a@b.c', '>>> USR 3 SSO I a@b.c', '>>> USR 9 SHA A Zm9v', '>>> USR 1 a@b.c 1.2.3')
      .map(isLadderUsrMessage);
    expect(marked).toEqual([true, true, true, false, false]);
  });

  it('names the S stage by package, each way', () => {
    expect(paramNames('client', 'USR', ['MD5', 'S', 'x'])[2]).toBe(packageFacts('MD5').answer);
    expect(paramNames('client', 'USR', ['TWN', 'S', 't=1&p=2'])[2]).toBe('ticket');
    expect(paramNames('server', 'USR', ['MD5', 'S', '1013928519.693957190'])[2]).toBe('salt');
    expect(paramNames('client', 'USR', ['CTP', 'S', 'hunter2'])).toEqual(['authentication package', 'stage (S: subsequent)', 'clear-text password']);
  });
});
