import { describe, expect, it } from 'vitest';
import { splitCodeSpans, withoutCodeMarks } from './code-spans';

describe('splitCodeSpans', () => {
  it('splits backtick spans out as code parts', () => {
    expect(splitCodeSpans('`USR 2 SSO I dave.m@hotmail.com` (line 8) got no reply')).toEqual([
      { code: true, text: 'USR 2 SSO I dave.m@hotmail.com' },
      { code: false, text: ' (line 8) got no reply' },
    ]);
    expect(splitCodeSpans('use `cmd:XFR,CHG` or `code:8xx`.')).toEqual([
      { code: false, text: 'use ' },
      { code: true, text: 'cmd:XFR,CHG' },
      { code: false, text: ' or ' },
      { code: true, text: 'code:8xx' },
      { code: false, text: '.' },
    ]);
  });

  it('keeps a lone or empty pair of backticks as written, and markup as text', () => {
    expect(splitCodeSpans('a ` b')).toEqual([{ code: false, text: 'a ` b' }]);
    expect(splitCodeSpans('`` and `<b>x</b>`')).toEqual([{ code: false, text: '`` and ' }, { code: true, text: '<b>x</b>' }]);
    expect(splitCodeSpans('')).toEqual([]);
  });

  it('gives plain text without the marks', () => {
    expect(withoutCodeMarks('`VER 1 MSNP8 CVR0` (line 3)')).toBe('VER 1 MSNP8 CVR0 (line 3)');
  });
});
