/**
 * Filtering: the error-range chips (8xx shows exactly the 800 rows), the filter language valid and invalid,
 * presets, and the empty result naming the filter that emptied it. Expected rows come from the core parser.
 */
import { join } from 'node:path';
import { parseLog } from '../src/msnp/parse-log';
import { readLog, SAMPLE_DIR, textLog } from './helpers/app-page';
import { expect, test } from './helpers/fixtures';

const RATE = readLog(join(SAMPLE_DIR, 'msnp9-rate-limit-800.log'));
const OFFLINE = readLog(join(SAMPLE_DIR, 'msnp12-cal-offline-713.log'));
const eventsOf = (bytes: Buffer) => parseLog(new Uint8Array(bytes), {}).events;

test('the 8xx chip shows exactly the 800 rows, and the URL carries it', async ({ app }) => {
  const want = eventsOf(RATE.bytes).filter((e) => e.error !== null && e.error.code >= 800 && e.error.code <= 899);
  expect(want.length).toBeGreaterThan(0);
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();
  await expect(app.chip('8xx')).toContainText(String(want.length));
  // Read out as range and count apart, not run together ("8xx4").
  await expect(app.chip('8xx')).toHaveAccessibleName(`8xx: ${want.length} errors`);
  await app.chip('8xx').click();
  await expect(app.chip('8xx')).toHaveAttribute('aria-pressed', 'true');
  expect((await app.counts()).shown).toBe(want.length);
  const ids = await app.rows().evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-event-id'))));
  expect(ids).toEqual(want.map((e) => e.id));
  await expect(app.resultCount()).toContainText(`${want.length} of`);
  expect(new URL(app.page.url()).hash).toContain('err=8xx');
  // Multi-select: adding 2xx keeps the 800s and adds nothing absent from the log.
  await app.chip('8xx').click();
  await expect(app.chip('8xx')).toHaveAttribute('aria-pressed', 'false');
  expect((await app.counts()).shown).toBe((await app.counts()).total);
});

test('the filter language: a valid query filters, an invalid term is named and left out', async ({ app }) => {
  const events = eventsOf(OFFLINE.bytes);
  const cals = events.filter((e) => e.command === 'CAL' && e.direction === 'client');
  expect(cals.length).toBeGreaterThan(1);
  await app.open();
  await app.dropLog(OFFLINE);
  await app.waitForReady();
  await app.queryBox().fill('cmd:CAL dir:client');
  await expect.poll(async () => (await app.counts()).shown).toBe(cals.length);
  await expect(app.queryBox()).toHaveAttribute('aria-invalid', 'false');
  expect(new URL(app.page.url()).hash).toContain('q=');

  await app.queryBox().fill('cmd2:CAL dir:client');
  await expect(app.queryBox()).toHaveAttribute('aria-invalid', 'true');
  await expect(app.page.getByTestId('query-error')).toContainText('cmd2');
  await expect(app.page.getByTestId('query-error')).toContainText('cmd:');
  // The broken term is left out; dir:client still filters.
  const client = events.filter((e) => e.direction === 'client').length;
  await expect.poll(async () => (await app.counts()).shown).toBe(client);

  await app.queryBox().fill('code:7');
  await expect(app.page.getByTestId('query-error')).toBeVisible();
  await app.queryBox().fill('code:>=700');
  const high = events.filter((e) => e.error !== null && e.error.code >= 700).length;
  await expect.poll(async () => (await app.counts()).shown).toBe(high);
});

test('the ? popover documents the language and its examples apply', async ({ app }) => {
  await app.open();
  await app.dropLog(OFFLINE);
  await app.waitForReady();
  await app.page.getByTestId('filter-help-button').click();
  const help = app.page.getByTestId('filter-help');
  await expect(help).toContainText('cmd:CAL');
  await expect(help).toContainText('is:unanswered');
  await help.getByRole('button', { name: 'is:unanswered' }).click();
  await expect(app.queryBox()).toHaveValue('is:unanswered');
  await expect(help).toHaveCount(0);
});

test('presets fill the query; an empty result says which filter emptied it', async ({ app }) => {
  await app.open();
  await app.dropLog(OFFLINE);
  await app.waitForReady();
  await app.page.getByTestId('preset-errors').click();
  await expect(app.queryBox()).toHaveValue('is:error');
  const errors = eventsOf(OFFLINE.bytes).filter((e) => e.error !== null).length;
  await expect.poll(async () => (await app.counts()).shown).toBe(errors);
  // Only the text term is to blame: without it CAL rows show, without cmd:CAL the text still matches nothing.
  await app.queryBox().fill('cmd:CAL "no such text anywhere"');
  await expect(app.page.getByTestId('empty-result')).toContainText('"no such text anywhere"');
  await expect(app.resultCount()).toContainText('0 of');
  await app.page.getByTestId('empty-result').getByRole('button', { name: 'Clear all filters' }).click();
  await expect(app.queryBox()).toHaveValue('');
  expect((await app.counts()).shown).toBe((await app.counts()).total);
});

test("a server log has an Account column: each row names whose connection it is, and sorting by it groups each account", async ({ app }) => {
  const log = readLog(join(process.cwd(), 'fixtures/msnp/findings/server-interleaved.log'));
  const result = parseLog(new Uint8Array(log.bytes), {});
  const accountOf = new Map(result.connections.map((c) => [c.id as string, c.account ?? '']));
  // Tall enough for all 31 rows to be in the virtual window at once.
  await app.page.setViewportSize({ width: 1400, height: 2200 });
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  await expect(app.page.getByRole('columnheader', { name: 'Account' })).toBeVisible();
  const cells = async (): Promise<string[]> => app.rows().locator('.account-cell').allInnerTexts();
  // In line order, each row's account is its connection's.
  await expect(app.rows()).toHaveCount(result.events.length);
  expect(await cells()).toEqual(result.events.map((e) => accountOf.get(e.connection) ?? ''));
  await app.page.getByTestId('sort-account').click();
  await expect(app.page.locator('th[aria-sort="ascending"]')).toContainText('Account');
  expect(new URL(app.page.url()).hash).toContain('sort=account');
  // alice's sign-in and switchboard lines interleave with bob's in the log; sorted, each account is one block.
  const sorted = await cells();
  const blocks = sorted.filter((a, k) => k === 0 || a !== sorted[k - 1]);
  expect(blocks).toEqual(['alice@example.invalid', 'bob@example.invalid', '']);
  const aliceLines = await app.rows().evaluateAll((trs) =>
    trs.filter((tr) => tr.querySelector('.account-cell')?.textContent === 'alice@example.invalid').map((tr) => Number(tr.querySelector('td')?.textContent)));
  expect(aliceLines).toEqual([...aliceLines].sort((a, b) => a - b));
  // A client's own log names no accounts: no Account column.
  await app.dropLog(OFFLINE);
  await app.waitForReady();
  await expect(app.page.getByRole('columnheader', { name: 'Line' })).toBeVisible();
  await expect(app.page.getByRole('columnheader', { name: 'Account' })).toHaveCount(0);
});

test('sorting by a column header is view state: it reorders rows and lands in the URL', async ({ app }) => {
  const events = eventsOf(OFFLINE.bytes);
  const firstCommand = [...new Set(events.map((e) => e.command))].sort()[0];
  await app.open();
  await app.dropLog(OFFLINE);
  await app.waitForReady();
  await app.page.getByTestId('sort-cmd').click();
  await expect(app.page.locator('th[aria-sort="ascending"]')).toContainText('Command');
  await expect(app.rows().first()).toContainText(firstCommand ?? '');
  expect(new URL(app.page.url()).hash).toContain('sort=');
  await app.page.getByTestId('sort-cmd').click();
  await expect(app.page.locator('th[aria-sort="descending"]')).toContainText('Command');
  await app.page.getByTestId('sort-line').click();
  await expect(app.rows().first()).toHaveAttribute('data-event-id', '0');
});

test('on a log without times the Status header says there are no latencies to sort by, and does not pretend to sort', async ({ app }) => {
  await app.open();
  await app.dropLog(OFFLINE); // a bare transcript: no times
  await app.waitForReady();
  const status = app.page.getByTestId('sort-status');
  await expect(status).toHaveAttribute('aria-disabled', 'true');
  await expect(status).toHaveAccessibleDescription('This log has no times, so there are no latencies to sort the Status column by.');
  await status.click({ force: true }); // aria-disabled: Playwright would wait for it to be enabled
  expect(new URL(app.page.url()).hash).not.toContain('sort=');
  await expect(app.page.locator('th[aria-sort="ascending"]')).toContainText('Line');
  // A log with times sorts by latency as before.
  await app.dropLog(RATE);
  await expect(app.page.getByTestId('file-name')).toHaveText('msnp9-rate-limit-800.log');
  await app.page.getByTestId('sort-status').click();
  await expect(app.page.locator('th[aria-sort="ascending"]')).toContainText('Status');
  expect(new URL(app.page.url()).hash).toContain('sort=latency');
});

test('problems and finding texts show quoted log text as code, with no raw backticks and no repeated input', async ({ app }) => {
  const page = app.page;
  await app.open();
  await app.dropLog(OFFLINE);
  await app.waitForReady();
  await app.queryBox().fill('cmd:XFR|CHG');
  const error = page.getByTestId('query-error');
  await expect(error).toHaveText('✖ XFR|CHG is not a command: for several commands use commas, cmd:XFR,CHG (at column 5)');
  await expect(error.locator('code')).toHaveText(['XFR|CHG', 'cmd:XFR,CHG']);
  await app.queryBox().fill('cmd:CAL OR cmd:CHG');
  await expect(error).toContainText('there is no OR: every term must match');
  await expect(error.locator('code')).toHaveText(['OR', 'cmd:CAL,CHG']);

  // A sign-in that stops at CVR: the finding quotes the unanswered line.
  await app.dropLog(textLog('cvr.log', '>>> VER 1 MSNP8 CVR0\n<<< VER 1 MSNP8\n>>> CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 6.0.0602 MSMSGS dave@example.com\n'));
  await app.waitForReady();
  await page.locator('[data-testid="finding"][data-kind="login-no-reply"] .finding-title').click();
  const body = page.getByTestId('finding-body');
  await expect(body).toContainText('CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 6.0.… (line 3) got no reply');
  await expect(body).not.toContainText('`');
  await expect(body.locator('code')).toHaveText(['CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 6.0.…']);
});
