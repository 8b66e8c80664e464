/**
 * Getting a log in: every bundled sample (by drop, one by the file input), two shared real logs, pasted text,
 * and the explanation screens for files with nothing to analyze. Expected counts come from the core parser run
 * here in Node on the same bytes, plus independent line counts taken from the files themselves.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseLog } from '../src/msnp/parse-log';
import { SAMPLE_LOGS } from '../src/state/samples';
import { readLog, REAL_LOG_DIR, SAMPLE_DIR, textLog } from './helpers/app-page';
import { expect, test } from './helpers/fixtures';

function expected(bytes: Buffer): { events: number; errors: number } {
  const r = parseLog(new Uint8Array(bytes), {});
  return { events: r.events.length, errors: r.events.filter((e) => e.error !== null).length };
}

for (const sample of SAMPLE_LOGS) {
  test(`drop sample ${sample.file}: the table shows every message`, async ({ app }) => {
    const log = readLog(join(SAMPLE_DIR, sample.file));
    const want = expected(log.bytes);
    expect(want.events).toBeGreaterThan(10);
    await app.open();
    await app.dropLog(log);
    await app.waitForReady();
    await expect(app.page.getByTestId('file-name')).toHaveText(sample.file);
    // Parsed in the worker: the events crossed back as transferred columns, not by the main-thread fallback.
    await expect(app.root).toHaveAttribute('data-parsed-via', 'worker');
    expect(await app.counts()).toEqual({ shown: want.events, total: want.events });
    await expect(app.resultCount()).toHaveText(`${want.events} messages (no filter)`);
    // Errors in the log: the "only errors" toggle shows exactly as many rows as the core found.
    await app.page.getByTestId('errors-only').check();
    expect(await app.counts()).toEqual({ shown: want.errors, total: want.events });
  });
}

test('the parse worker starts with the page, before any file, and the first drop is parsed in it', async ({ app }) => {
  const workers: string[] = [];
  app.page.on('worker', (w) => workers.push(w.url()));
  await app.open();
  // Started while the page is idle, so it has warmed up by the time a file comes (src/worker/warm-up.ts).
  await expect.poll(() => workers.length, { timeout: 10_000 }).toBe(1);
  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp15-login-911.log')));
  await app.waitForReady();
  await expect(app.root).toHaveAttribute('data-parsed-via', 'worker');
  expect(workers).toHaveLength(1);
});

test('the 800 sample has exactly as many 800 rows as lines answering 800', async ({ app }) => {
  const path = join(SAMPLE_DIR, 'msnp9-rate-limit-800.log');
  // Independent count: server lines whose command is 800 (`S: NS 000: 800 14`).
  const lines800 = readFileSync(path, 'utf8').split('\n').filter((l) => /S: \S+ \d+: 800 \d+/.test(l)).length;
  expect(lines800).toBeGreaterThan(1);
  await app.open();
  await app.pickLog(readLog(path));
  await app.waitForReady();
  await app.chip('8xx').click();
  expect((await app.counts()).shown).toBe(lines800);
  await expect(app.rows()).toHaveCount(lines800);
  for (const cell of await app.rows().locator('td:nth-child(6)').allTextContents()) expect(cell).toContain('800');
});

for (const file of ['11-emesene510-papyon-msnp18-sso-xfr-ns.log', '28-ubuntuforums-amsn-msnp12-reconnect-loop-twn-hang.log']) {
  test(`drop shared real log ${file}`, async ({ app }) => {
    const log = readLog(join(REAL_LOG_DIR, file));
    const want = expected(log.bytes);
    expect(want.events).toBeGreaterThan(5);
    await app.open();
    await app.dropLog(log);
    await app.waitForReady();
    expect(await app.counts()).toEqual({ shown: want.events, total: want.events });
    // The non-protocol lines are hidden by default and come back with the toggle.
    const toggle = app.page.getByTestId('show-nonprotocol');
    await expect(toggle).not.toBeChecked();
    const rowCount = async (): Promise<number> => Number(await app.table().getAttribute('aria-rowcount'));
    const before = await rowCount();
    expect(before).toBe(want.events + 1); // + the header row
    await toggle.check();
    await expect.poll(rowCount).toBeGreaterThan(before);
  });
}

test('another log can be opened without reloading', async ({ app }) => {
  await app.open();
  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp12-cal-offline-713.log')));
  await app.waitForReady();
  const second = readLog(join(SAMPLE_DIR, 'msnp15-login-911.log'));
  await app.pickLog(second);
  await expect(app.page.getByTestId('file-name')).toHaveText('msnp15-login-911.log');
  expect((await app.counts()).total).toBe(expected(second.bytes).events);
});

test('a sample opens from the empty page, and pasted text is analyzed', async ({ app }) => {
  await app.open();
  await app.page.getByTestId('sample-offline-contact').click();
  await app.waitForReady();
  await expect(app.page.getByTestId('file-name')).toHaveText('msnp12-cal-offline-713.log');
  await app.open();
  await app.page.getByTestId('paste-input').fill('>>> VER 1 MSNP12 CVR0\n<<< VER 1 MSNP12\n>>> CVR 2 0x0409 winnt 5.1\n');
  await app.page.getByRole('button', { name: 'Analyze pasted text' }).click();
  await app.waitForReady();
  expect((await app.counts()).total).toBe(3);
  // Ctrl+V anywhere on the empty page: a paste event carrying the log text.
  await app.open();
  await app.page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', '>>> VER 1 MSNP12 CVR0\n<<< VER 1 MSNP12\n');
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await app.waitForReady();
  expect((await app.counts()).total).toBe(2);
});

test('empty, binary and non-MSNP files get a plain explanation', async ({ app }) => {
  await app.open();
  await app.dropLog(textLog('empty.log', ''));
  await app.waitForReady();
  await expect(app.page.getByTestId('input-problem')).toHaveAttribute('data-problem', 'empty');
  await app.dropLog({ name: 'photo.png', bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 32)) });
  await expect(app.page.getByTestId('input-problem')).toHaveAttribute('data-problem', 'binary');
  await app.dropLog(textLog('notes.txt', 'Dear diary,\ntoday I went shopping.\nNothing about messengers here.\n'));
  await expect(app.page.getByTestId('input-problem')).toHaveAttribute('data-problem', 'not-msnp');
  await expect(app.page.getByTestId('input-problem')).toContainText('Dear diary');
});

test('a hostile nickname stays text', async ({ app }) => {
  const nick = '<img src=x onerror=alert(1)>';
  const log = textLog(
    'hostile.log',
    [
      '>>> VER 1 MSNP12 CVR0',
      '<<< VER 1 MSNP12',
      `>>> PRP 2 MFN ${encodeURIComponent(nick)}`,
      `<<< PRP 2 MFN ${encodeURIComponent(nick)}`,
      `<<< ILN 3 NLN bob@example.invalid ${nick} 0`,
      '',
    ].join('\n'),
  );
  let dialogs = 0;
  app.page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  await expect(app.page.locator('img')).toHaveCount(0);
  await expect(app.page.getByText(nick).first()).toBeVisible();
  await app.rows().nth(2).click();
  await expect(app.detail()).toContainText(nick);
  await expect(app.page.locator('img')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('a grep of a server log for 800: every line in the table, and one burst for the run', async ({ app }) => {
  const lines = 60_000;
  const log = textLog('grep-800.log', Array.from({ length: lines }, (_, k) => `<<< 800 ${k + 1}`).join('\n'));
  const result = parseLog(new Uint8Array(log.bytes), {});
  const bursts = result.findings.filter((f) => f.kind === 'rate-limit');
  expect(bursts).toHaveLength(1);
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  expect((await app.counts()).total).toBe(lines);
  const burst = app.page.locator('[data-testid="finding"][data-kind="rate-limit"]');
  await expect(burst).toHaveCount(1);
  await expect(burst).toContainText('Rate limit (800) for 60,000 commands not in the log');
  // The orphan note counts every reply, past the diagnostics listed one by one.
  await expect(app.page.locator('[data-testid="finding"][data-kind="orphan-replies"]')).toContainText('60,000 replies without their command');
});

test('a file over 1 GB gets a plain explanation instead of a crashed tab', async ({ app, page }) => {
  await app.open();
  // Built in the page: a blob of 1 GB and a little, made of one small part repeated (no gigabyte crosses the test
  // protocol, and Chromium keeps the repeated part once).
  const dataTransfer = await page.evaluateHandle(() => {
    const part = new Uint8Array(1 << 20);
    const dt = new DataTransfer();
    dt.items.add(new File([...Array.from({ length: 1025 }, () => part)], 'huge.log', { type: 'text/plain' }));
    return dt;
  });
  await app.root.dispatchEvent('dragenter', { dataTransfer });
  await app.root.dispatchEvent('dragover', { dataTransfer });
  await app.root.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('load-error')).toContainText('“huge.log” is 1.0 GB. A browser tab analyses logs of up to 1 GB');
  await expect(page.getByTestId('load-error')).toContainText('npm run analyze -- FILE');
  await expect(app.root).toHaveAttribute('data-state', 'error');
});

test("a server's log too large for a tab is refused from its first lines, with why and what to do instead", async ({ app, page }, testInfo) => {
  await app.open();
  // 600 MB of an Escargot server's sign-ins on disk (the sample repeated), picked as a user would pick it: the
  // browser reads a picked file from the disk, where it could not read a blob that large built in the page.
  const log = readFileSync(join(SAMPLE_DIR, 'escargot-server-sign-ins.log'));
  const part = Buffer.alloc(1 << 20);
  for (let at = 0; at < part.length; at += log.length) log.copy(part, at, 0, Math.min(log.length, part.length - at));
  const path = testInfo.outputPath('escargot-ns.log');
  const fd = openSync(path, 'w');
  for (let i = 0; i < 600; i++) writeSync(fd, part);
  closeSync(fd);
  try {
    await page.getByTestId('file-input').setInputFiles(path);
    const error = page.getByTestId('load-error');
    await expect(error).toContainText("“escargot-ns.log” is 600 MB. It is a server's log, whose every sign-in is rebuilt step by step and kept");
    await expect(error).toContainText(/so a browser tab takes a log like this one of up to \d{3} MB/);
    await expect(error).toContainText('npm run analyze -- FILE');
    await expect(app.root).toHaveAttribute('data-state', 'error');
  } finally {
    rmSync(path);
  }
});

test('counts of one read in the singular: the header, the finding filter and its clear button', async ({ app }) => {
  await app.open();
  await app.dropLog(textLog('one.log', '>>> VER 1 MSNP15 CVR0\n'));
  await app.waitForReady();
  await expect(app.page.locator('.app-header')).toContainText('1 message in the log · 1 connection · 1 line');
  const finding = app.page.getByTestId('finding').first();
  await finding.getByRole('button').first().click();
  const filter = app.page.getByTestId('finding-filter');
  await expect(filter).toContainText('(1 of 1 message)');
  await expect(app.page.getByTestId('finding-clear')).toHaveText('Clear the finding filter: show the 1 message');
  await expect(app.page.getByTestId('result-count')).toHaveText(/^1 of 1 message matches/);
});

test('a forced format that does not match says so, names the detected format and goes back to Detect', async ({ app }) => {
  const page = app.page;
  await app.open();
  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp15-login-911.log')));
  await app.waitForReady();
  const select = page.locator('.app-header').getByTestId('dialect-select');
  await select.selectOption({ label: 'Read as: Escargot server log' });
  const screen = page.getByTestId('input-problem');
  await expect(screen).toHaveAttribute('data-problem', 'not-msnp');
  await expect(screen).toContainText('You chose to read this file as Escargot server log, and none of its 26 lines matched that format.');
  await expect(screen).not.toContainText('in any of the formats');
  await expect(screen).toContainText('Detection reads it as emesene / papyon console');
  // The Detect option keeps naming what detection finds, not the forced format.
  await expect(select.locator('option').first()).toHaveText('Detect (emesene / papyon console)');
  await screen.getByRole('button', { name: 'Read it as emesene / papyon console (detect again)' }).click();
  await app.waitForReady();
  await expect(page.getByTestId('input-problem')).toHaveCount(0);
  await expect(select).toHaveValue('');
});

test('the cannot-open screens say it once, in plain words, list every format tried, and offer nothing to share', async ({ app }) => {
  const page = app.page;
  const screen = page.getByTestId('input-problem');
  const share = page.getByTestId('share-button');
  await app.open();
  await app.dropLog(textLog('empty.log', ''));
  await expect(screen).toHaveAttribute('data-problem', 'empty');
  await expect(screen).toContainText('The file has no bytes at all.');
  await expect(screen).not.toContainText('there is no line to read');
  await expect(share).toBeDisabled();
  await expect(share).toHaveAccessibleDescription(/no log to share/i);

  await app.dropLog({ name: 'photo.png', bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 32)) });
  await expect(screen).toHaveAttribute('data-problem', 'binary');
  expect((await screen.innerText()).match(/\d+ ?%/g)).toHaveLength(1);
  await expect(screen.getByTestId('dialect-select')).toHaveCount(0);
  await expect(page.locator('.app-header')).not.toContainText('lines');
  await expect(share).toBeDisabled();

  await app.dropLog(textLog('shopping.txt', 'eggs\nmilk\nbread\nbutter\n'));
  await expect(screen).toHaveAttribute('data-problem', 'not-msnp');
  await expect(screen).not.toContainText('closest dialect');
  await expect(screen).not.toContainText('`');
  const tried = screen.getByTestId('formats-tried').locator('li');
  await expect(tried).toHaveCount(8);
  await expect(tried.filter({ hasText: 'Escargot server log' })).toHaveCount(1);
  await expect(tried.filter({ hasText: 'Miranda NG netlog' })).toHaveCount(1);
  await expect(share).toBeDisabled();
});

test('a log quoted in a forum reply: the details show the lines as posted, quote and all, beside the message as read', async ({ app }) => {
  const log = readLog(join(process.cwd(), 'fixtures/msnp/transcript/quoted-msg-payload.log'));
  const msg = parseLog(new Uint8Array(log.bytes), {}).events.find((e) => e.command === 'MSG' && e.trId === 3);
  if (msg === undefined) throw new Error('the fixture has MSG 3');
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  await app.rowByEvent(msg.id).click();
  await expect(app.page.getByTestId('detail-raw')).toHaveText(/^MSG 3 A 134\s+MIME-Version: 1\.0/);
  await expect(app.page.getByTestId('detail-raw')).not.toContainText('> ');
  const asPosted = app.page.getByTestId('detail-file-lines');
  await expect(asPosted).toContainText('> >>> MSG 3 A 134');
  await expect(asPosted).toContainText('> hello, can you see me?');
});

test('a second log in another format further down: a note under the verdict says which lines were read as which', async ({ app }) => {
  await app.open();
  await app.dropLog(readLog(join(process.cwd(), 'fixtures/msnp/libpurple/then-amsn-later.log')));
  await app.waitForReady();
  const notes = app.page.getByTestId('reading-notes');
  await expect(notes).toBeVisible();
  await expect(notes).toContainText('Note: Lines 559–601 were read as an aMSN');
  await expect(notes).toContainText('the rest of the file as a libpurple');
  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp12-cal-offline-713.log')));
  await app.waitForReady();
  await expect(notes).toHaveCount(0);
});
