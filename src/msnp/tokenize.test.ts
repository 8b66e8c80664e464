import { describe, expect, it } from 'vitest';
import { commandSpec, isKnownCommand } from './commands';
import { displayParam, parseTrId, tokenizeLine } from './tokenize';
import type { Direction } from './types';

const tok = (raw: string, dir: Direction | null) => {
  const t = tokenizeLine(raw, dir);
  return t === null ? null : { command: t.command, errorCode: t.errorCode, trId: t.trId, params: t.params, declaredBytes: t.declaredBytes };
};

describe('tokenizeLine: TrId and payload come from the command table', () => {
  it.each([
    // [line, direction, trId, params, declared payload]
    ['USR 3 TWN I a@b.c', 'client', 3, ['TWN', 'I', 'a@b.c'], null],
    ['RNG 11752013 65.54.228.29:1863 CKI 849.1 a@b.c A', 'server', null, ['11752013', '65.54.228.29:1863', 'CKI', '849.1', 'a@b.c', 'A'], null],
    ['NOT 1412', 'server', null, ['1412'], 1412],
    ['IPG 255', 'server', null, ['255'], 255],
    ['QNG 50', 'server', null, ['50'], null],
    ['MSG Hotmail Hotmail 1462', 'server', null, ['Hotmail', 'Hotmail', '1462'], 1462],
    ['MSG 4 N 133', 'client', 4, ['N', '133'], 133],
    ['UBX 1:bob@live.com 143', 'server', null, ['1:bob@live.com', '143'], 143],
    ['NLN NLN a@b.c Bob 268435456', 'server', null, ['NLN', 'a@b.c', 'Bob', '268435456'], null],
    ['GCF 0 6735', 'server', 0, ['6735'], 6735],
    ['GCF 12 Shields.xml', 'client', 12, ['Shields.xml'], null],
    ['CHL 0 15570131571988941333', 'server', 0, ['15570131571988941333'], null],
    ['CHL 12345678901234567890', 'server', null, ['12345678901234567890'], null],
    ['QRY 10 msmsgs@msnmsgr.com 32', 'client', 10, ['msmsgs@msnmsgr.com', '32'], 32],
    ['PNG', 'client', null, [], null],
    ['OUT', 'client', null, [], null],
    ['OUT 7', 'client', 7, [], null],
    ['OUT OTH', 'server', null, ['OTH'], null],
    ['911 3', 'server', 3, [], null],
    ['241 12 142', 'server', 12, ['142'], 142],
    ['240 TrId', 'server', null, [], null],
    ['ADL TrId xxx <ml>', 'client', null, ['xxx', '<ml>'], null],
    ['LST N=a@b.c F=A C=1 11', 'server', null, ['N=a@b.c', 'F=A', 'C=1', '11'], null],
    ['UUX 9 0', 'server', 9, ['0'], 0],
    ['USR 3 SSO I ', 'client', 3, ['SSO', 'I', ''], null],
    ['CVR 2 a  b ', 'server', 2, ['a', '', 'b', ''], null],
    ['XYZ 2 odd', 'client', 2, ['odd'], null],
  ] as const)('%s (%s)', (raw, dir, trId, params, declared) => {
    expect(tok(raw, dir)).toMatchObject({ trId, params: [...params], declaredBytes: declared });
  });

  it('reads error codes as numbers', () => {
    expect(tok('540 10', 'server')).toMatchObject({ command: '540', errorCode: 540, trId: 10 });
  });

  it.each(['PASSPORT begin', '200 OK', '', 'us 3', 'USRX 3', 'U2R 3'])('%j is not an MSNP line', (raw) => {
    expect(tokenizeLine(raw, 'client')).toBeNull();
  });
});

describe('commandSpec', () => {
  it('knows server notifications as asynchronous', () => {
    for (const verb of ['NLN', 'FLN', 'UBX', 'NOT', 'IPG', 'RNG', 'MSG', 'JOI', 'BYE']) expect(commandSpec(verb, 'server').async).toBe(true);
    expect(commandSpec('USR', 'server').async).toBe(false);
  });

  it('marks verbs outside the table as unknown', () => {
    expect(commandSpec('XYZ', 'client').known).toBe(false);
    expect(isKnownCommand('XYZ')).toBe(false);
    expect(isKnownCommand('911')).toBe(true);
  });
});

describe('parseTrId', () => {
  it.each([
    ['0', 0],
    ['4294967295', 4294967295],
    ['4294967296', null],
    ['12345678901', null],
    ['-1', null],
    ['1a', null],
  ])('%s → %s', (s, n) => expect(parseTrId(s)).toBe(n));
});

describe('displayParam', () => {
  it('URL-decodes for display and keeps invalid encodings as written', () => {
    expect(displayParam('Alice%20in%20Wonderland')).toBe('Alice in Wonderland');
    expect(displayParam('100%')).toBe('100%');
  });
});

describe('tokenizeLine: documentation TrId placeholders', () => {
  it.each([
    ['ADL TrId 34', 'client', 'ADL', ['34'], 34],
    ['240 TrId', 'server', '240', [], null],
    ['240 <TrId>', 'server', '240', [], null],
    ['715 TrId 48', 'server', '715', ['48'], 48],
  ] as const)('%s marks the placeholder instead of keeping it as a parameter', (raw, dir, command, params, declared) => {
    const t = tokenizeLine(raw, dir);
    expect(t?.command).toBe(command);
    expect(t?.trId).toBeNull();
    expect(t?.trIdPlaceholder).toBe(true);
    expect(t?.params).toEqual(params);
    expect(t?.declaredBytes).toBe(declared);
  });

  it('a numeric TrId is no placeholder, and a verb without TrId keeps a "TrId" word as a parameter', () => {
    expect(tokenizeLine('ADL 7 34', 'client')?.trIdPlaceholder).toBe(false);
    const png = tokenizeLine('NLN TrId x', 'server');
    expect(png?.trIdPlaceholder).toBe(false);
    expect(png?.params).toEqual(['TrId', 'x']);
  });
});
