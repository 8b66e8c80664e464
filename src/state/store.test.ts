import { beforeEach, describe, expect, test } from 'vitest';
import { parseLog } from '../msnp/parse-log';
import { toEventId } from '../msnp/types';
import { fingerprintBytes } from '../worker/client';
import type { ParseFn } from '../worker/client';
import { createTestStore, sampleById, sampleBytes } from './test-support';
import type { AppStore } from './store';
import { DEFAULT_URL_STATE } from './url/url-state';
import { selectFilteredRows } from './selectors';

let store: AppStore;
beforeEach(() => {
  store = createTestStore();
});

const s = () => store.getState();

describe('loading', () => {
  test('starts empty; a sample goes loading → ready with its report, file name and fingerprint', async () => {
    expect(s().phase).toBe('empty');
    const sample = sampleById('offline-contact');
    const p = s().logActions.loadSample(sample);
    expect(s().phase).toBe('loading');
    expect(s().loading?.fileName).toBe(sample.file);
    await p;
    expect(s().phase).toBe('ready');
    expect(s().loading).toBeNull();
    expect(s().result?.stats.errorsByCode['713']).toBe(1);
    expect(s().source?.name).toBe(sample.file);
    expect(s().fingerprint).toBe(fingerprintBytes(sampleBytes(sample.file)));
    expect(s().view.log).toBe(s().fingerprint);
    expect(s().parsedVia).toBe('main-thread');
  });

  test('pasted text and raw bytes load too', async () => {
    await s().logActions.loadText('>>> VER 1 MSNP8 CVR0\n<<< VER 1 MSNP8\n');
    expect(s().result?.events.map((e) => e.command)).toEqual(['VER', 'VER']);
    expect(s().source).toMatchObject({ kind: 'paste', name: 'pasted text' });
    await s().logActions.loadBytes(sampleBytes('msnp15-login-911.log'), 'b.log');
    expect(s().result?.stats.errorsByCode['911']).toBe(1);
  });

  test('a file that is not a log still gives a report that says so, never a blank', async () => {
    await s().logActions.loadText('hello, this is a shopping list\nmilk\neggs\n', 'list.txt');
    expect(s().phase).toBe('ready');
    expect(s().result?.events).toHaveLength(0);
    expect(s().result?.detection.reason).not.toBe('');
  });

  test('a failure keeps the previous report and explains in plain words', async () => {
    await s().logActions.loadSample(sampleById('login-failed'));
    const previous = s().result;
    const failing: ParseFn = () => {
      throw new Error('the bytes could not be decoded');
    };
    const broken = createTestStore(failing);
    await broken.getState().logActions.loadText('x');
    expect(broken.getState().phase).toBe('error');
    expect(broken.getState().loadError).toContain('could not be decoded');
    // With a report already shown, a failure keeps it.
    let calls = 0;
    const flaky = createTestStore((b, o, p) => {
      calls++;
      if (calls > 1) throw new Error('nope');
      return parseLog(b, o, p);
    });
    await flaky.getState().logActions.loadSample(sampleById('login-failed'));
    const shown = flaky.getState().result;
    await flaky.getState().logActions.loadText('again');
    expect(flaky.getState().phase).toBe('ready');
    expect(flaky.getState().result).toBe(shown);
    expect(flaky.getState().loadError).toBe('The log could not be analysed: nope');
    expect(previous).not.toBeNull();
  });

  test('a file over 1 GB is refused with a plain explanation before it is read, and the report shown stays', async () => {
    let parsed = 0;
    const counting = createTestStore((b, o, p) => {
      parsed++;
      return parseLog(b, o, p);
    });
    await counting.getState().logActions.loadSample(sampleById('login-failed'));
    const shown = counting.getState().result;
    const huge = new File(['>>> VER 1 MSNP8'], 'server-2024.log');
    Object.defineProperty(huge, 'size', { value: 3.4 * 2 ** 30 });
    await counting.getState().logActions.loadFile(huge);
    expect(parsed).toBe(1);
    expect(counting.getState().phase).toBe('ready');
    expect(counting.getState().result).toBe(shown);
    expect(counting.getState().loadError).toMatch(/^“server-2024\.log” is 3\.4 GB\. A browser tab analyses logs of up to 1 GB/);
    const fresh = createTestStore();
    await fresh.getState().logActions.loadFile(huge);
    expect(fresh.getState().phase).toBe('error');
    expect(fresh.getState().loadError).toContain('npm run analyze -- FILE');
  });

  test('a packet capture over 400 MB is refused, with the way to cut it to its MSNP traffic; a text log of that size is not', async () => {
    const pcap = new File([new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0])], 'big.pcap');
    Object.defineProperty(pcap, 'size', { value: 500 * 2 ** 20 });
    const store = createTestStore();
    await store.getState().logActions.loadFile(pcap);
    expect(store.getState().loadError).toMatch(/^“big\.pcap” is a packet capture of 500 MB\. A browser tab analyses captures of up to 400 MB/);
    expect(store.getState().loadError).toContain('tshark -r big.pcap -w msnp.pcapng "tcp port 1863"');
    let parsed = 0;
    const counting = createTestStore((b, o, p) => {
      parsed++;
      return parseLog(b, o, p);
    });
    const text = new File(['>>> VER 1 MSNP8 CVR0\n'], 'big.log');
    Object.defineProperty(text, 'size', { value: 500 * 2 ** 20 });
    await counting.getState().logActions.loadFile(text);
    expect(parsed).toBe(1);
  });

  test("a server's log too large for its kind is refused from its head; a client's log of the same size is not", async () => {
    let parsed = 0;
    const counting = createTestStore((b, o, p) => {
      parsed++;
      return parseLog(b, o, p);
    });
    const sized = (bytes: Uint8Array, name: string, mb: number): File => {
      const f = new File([bytes.slice()], name);
      Object.defineProperty(f, 'size', { value: mb * 2 ** 20 });
      return f;
    };
    // 600 MB of Escargot sign-ins: each one's ladder is kept, about six and a half times the file in all.
    await counting.getState().logActions.loadFile(sized(sampleBytes('escargot-server-sign-ins.log'), 'escargot.log', 600));
    expect(parsed).toBe(0);
    expect(counting.getState().phase).toBe('error');
    expect(counting.getState().loadError).toMatch(/^“escargot\.log” is 600 MB\. It is a server's log, whose every sign-in is rebuilt step by step and kept: from its first lines, analysing it would need about \d\.\d times its size in memory, so a browser tab takes a log like this one of up to \d{3} MB\./);
    expect(counting.getState().loadError).toContain('npm run analyze -- FILE');
    // The same size of a client's debug log fits: it is read.
    await counting.getState().logActions.loadFile(sized(sampleBytes('msnp15-login-and-chat.log'), 'pidgin.log', 600));
    expect(parsed).toBe(1);
    // A server's log under its own ceiling is read.
    const smaller = createTestStore();
    await smaller.getState().logActions.loadFile(sized(sampleBytes('escargot-server-sign-ins.log'), 'escargot.log', 200));
    expect(smaller.getState().loadError).toBeNull();
    expect(smaller.getState().phase).toBe('ready');
  });

  test('cancel while parsing returns to the report shown before', async () => {
    await s().logActions.loadSample(sampleById('login-ok'));
    const shown = s().result;
    const q = s().logActions.loadText('>>> VER 1 MSNP8 CVR0');
    expect(s().phase).toBe('loading');
    s().logActions.cancelLoad();
    await q;
    expect(s().phase).toBe('ready');
    expect(s().loading).toBeNull();
    expect(s().result).toBe(shown);
  });

  test('cancel while a sample is still being fetched stops it too', async () => {
    const p = s().logActions.loadSample(sampleById('rate-limits'));
    expect(s().phase).toBe('loading');
    s().logActions.cancelLoad();
    expect(s().phase).toBe('empty');
    await p;
    expect(s().phase).toBe('empty');
    expect(s().result).toBeNull();
  });

  test('cancel on the empty page goes back to empty', async () => {
    const q = s().logActions.loadText('>>> VER 1 MSNP8 CVR0');
    s().logActions.cancelLoad();
    await q;
    expect(s().phase).toBe('empty');
    expect(s().result).toBeNull();
  });

  test('the detected dialect can be overridden: the same file is parsed again with options.dialect', async () => {
    await s().logActions.loadSample(sampleById('login-failed'));
    expect(s().result?.detection.dialect).toBe('papyon');
    s().viewActions.setQuery('cmd:USR');
    await s().logActions.setDialect('transcript');
    expect(s().result?.detection).toMatchObject({ dialect: 'transcript', forced: true });
    expect(s().dialectOverride).toBe('transcript');
    expect(s().view.q).toBe('cmd:USR'); // same file: the view stays
  });
});

describe("an account's connections", () => {
  test('choosing an account shows all its connections: the finding and filters in force before are cleared', async () => {
    await s().logActions.loadSample(sampleById('server-log'));
    const failed = s().result?.findings.find((f) => f.kind === 'login-failed');
    expect(failed).toBeDefined();
    s().viewActions.setFinding(failed?.id ?? null);
    s().viewActions.setQuery('code:911');
    s().viewActions.select(toEventId(17));
    s().viewActions.setTab('accounts');
    s().viewActions.showAccount('alice@example.invalid');
    expect(s().view).toMatchObject({ tab: 'timeline', conns: ['alice@example.invalid'], finding: null, q: '', sel: null });
    const alice = s().result?.connections.filter((c) => c.account === 'alice@example.invalid').map((c) => c.id) ?? [];
    const own = s().result?.events.filter((e) => alice.includes(e.connection)).length ?? 0;
    expect(own).toBeGreaterThan(0);
    expect(selectFilteredRows(s()).length).toBe(own);
  });
});

describe('the forced format lives in the view (fmt=)', () => {
  test('forcing a format puts it in the view; detecting again takes it out', async () => {
    await s().logActions.loadSample(sampleById('login-failed'));
    expect(s().view.fmt).toBeNull();
    await s().logActions.setDialect('transcript');
    expect(s().view.fmt).toBe('transcript');
    await s().logActions.setDialect(null);
    expect(s().view.fmt).toBeNull();
    expect(s().result?.detection.forced).toBe(false);
  });

  test('the first log of the page is read as the link says', async () => {
    const bytes = sampleBytes('msnp15-login-911.log');
    s().viewActions.setView({ ...DEFAULT_URL_STATE, log: fingerprintBytes(bytes), fmt: 'transcript' });
    await s().logActions.loadBytes(bytes, 'shared.log');
    expect(s().result?.detection).toMatchObject({ dialect: 'transcript', forced: true });
    expect(s().dialectOverride).toBe('transcript');
    expect(s().view.fmt).toBe('transcript');
  });

  test('a report opened over another log is read as its link says, whatever the log before', async () => {
    await s().logActions.loadSample(sampleById('login-ok'));
    await s().logActions.loadText(new TextDecoder().decode(sampleBytes('msnp15-login-911.log')), 'report.log', 'transcript');
    expect(s().result?.detection).toMatchObject({ dialect: 'transcript', forced: true });
    expect(s().view.fmt).toBe('transcript');
  });

  test('a later log is detected, not read as the previous one was forced', async () => {
    await s().logActions.loadSample(sampleById('login-failed'));
    await s().logActions.setDialect('transcript');
    await s().logActions.loadSample(sampleById('login-ok'));
    expect(s().result?.detection.forced).toBe(false);
    expect(s().view.fmt).toBeNull();
  });

  test('a view link for the loaded log that names another format reads the log again that way', async () => {
    await s().logActions.loadSample(sampleById('login-failed'));
    const forced = new Promise<void>((done) => {
      const stop = store.subscribe((st) => {
        if (st.phase === 'ready' && st.dialectOverride === 'transcript') {
          stop();
          done();
        }
      });
    });
    s().viewActions.setView({ ...s().view, fmt: 'transcript' });
    await forced;
    expect(s().result?.detection).toMatchObject({ dialect: 'transcript', forced: true });
  });

  test('a view link made on another log does not re-read the loaded one', async () => {
    await s().logActions.loadSample(sampleById('login-failed'));
    const shown = s().result;
    s().viewActions.setView({ ...DEFAULT_URL_STATE, log: '00000000', fmt: 'transcript' });
    expect(s().phase).toBe('ready');
    expect(s().result).toBe(shown);
  });
});

describe('the view across loads', () => {
  test('another log after the first starts from a fresh view', async () => {
    await s().logActions.loadSample(sampleById('offline-contact'));
    s().viewActions.setQuery('code:217');
    s().viewActions.select(toEventId(3));
    await s().logActions.loadSample(sampleById('login-ok'));
    expect(s().view).toEqual({ ...DEFAULT_URL_STATE, log: s().fingerprint });
  });

  test('a link restored after reload: the same file brings the view back untouched', async () => {
    const bytes = sampleBytes('msnp12-cal-offline-713.log');
    const view = { ...DEFAULT_URL_STATE, log: fingerprintBytes(bytes), q: 'cmd:CAL', sel: toEventId(40), tab: 'timeline' as const };
    s().viewActions.setView(view);
    await s().logActions.loadBytes(bytes, 'again.log');
    expect(s().view).toEqual(view);
    expect(s().notices).toEqual([]);
  });

  test('a different file than the link named: view kept as far as it fits, with notices', async () => {
    s().viewActions.setView({ ...DEFAULT_URL_STATE, log: '00000000', q: 'is:error', sel: toEventId(5000) });
    await s().logActions.loadSample(sampleById('login-failed'));
    expect(s().view.q).toBe('is:error');
    expect(s().view.sel).toBeNull();
    expect(s().view.log).toBe(s().fingerprint);
    expect(s().notices.map((n) => n.kind)).toEqual(['log-mismatch', 'selection']);
  });
});

describe('view actions', () => {
  test('toggles keep lists canonical, presets fill the query, clear keeps tab and selection', () => {
    const a = s().viewActions;
    a.toggleErrorClass('8xx');
    a.toggleErrorClass('2xx');
    a.toggleCommand('xfr');
    a.toggleCommand('CAL');
    a.toggleCode(800);
    a.toggleCode(713);
    expect(s().view).toMatchObject({ err: ['2xx', '8xx'], cmds: ['CAL', 'XFR'], codes: [713, 800] });
    a.toggleErrorClass('8xx');
    expect(s().view.err).toEqual(['2xx']);
    a.applyPreset('rate-limits');
    expect(s().view.q).toBe('code:713,800');
    a.setTab('findings');
    a.select(toEventId(2));
    a.clearFilters();
    expect(s().view).toEqual({ ...DEFAULT_URL_STATE, tab: 'findings', sel: 2 });
  });

  test('notices: the same message shows once and can be dismissed', () => {
    s().uiActions.addNotice('url', 'bad sel');
    s().uiActions.addNotice('url', 'bad sel');
    expect(s().notices).toHaveLength(1);
    s().uiActions.dismissNotice(s().notices[0]?.id ?? -1);
    expect(s().notices).toEqual([]);
  });
});
