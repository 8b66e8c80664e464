import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMIT, parseArgs } from './args';

describe('parseArgs', () => {
  it('reads a file with the defaults', () => {
    expect(parseArgs(['a.log'])).toEqual({ kind: 'analyze', file: 'a.log', json: false, noEvents: false, dialect: null, limit: DEFAULT_LIMIT });
  });

  it('reads --json, --format and --limit in either spelling and any order', () => {
    expect(parseArgs(['--format', 'libpurple', 'a.log', '--json', '--limit=0'])).toEqual({
      kind: 'analyze', file: 'a.log', json: true, noEvents: false, dialect: 'libpurple', limit: 0,
    });
    expect(parseArgs(['--no-events', 'a.log', '--json'])).toMatchObject({ json: true, noEvents: true });
    expect(parseArgs(['--format=amsn', '--limit', '7', 'b.log'])).toMatchObject({ dialect: 'amsn', limit: 7, file: 'b.log' });
  });

  it('accepts - for standard input', () => {
    expect(parseArgs(['-'])).toMatchObject({ kind: 'analyze', file: '-' });
  });

  it('answers --help and -h before anything else', () => {
    expect(parseArgs(['a.log', '--bogus', '-h'])).toEqual({ kind: 'usage-error', message: 'unknown option --bogus' });
    expect(parseArgs(['-h', '--bogus'])).toEqual({ kind: 'help' });
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], 'no FILE given'],
    [['a.log', 'b.log'], 'one FILE only (got a.log and b.log)'],
    [['--format', 'wireshark', 'a.log'], 'wireshark'],
    [['a.log', '--format'], 'got nothing'],
    [['--limit', 'x', 'a.log'], '--limit needs a number'],
    [['--jsn', 'a.log'], 'unknown option --jsn'],
    [['a.log', '--no-events'], '--no-events goes with --json'],
  ])('rejects %j', (argv, message) => {
    const cmd = parseArgs(argv);
    expect(cmd.kind).toBe('usage-error');
    expect(cmd.kind === 'usage-error' ? cmd.message : '').toContain(message);
  });
});
