/**
 * Findings in the app (issue #4): the rate-limit sample's burst opens, selects and filters to its evidence and
 * shows as a band on the overview strip; the failed-login sample shows a ladder that stops at the ticket step.
 * Expectations come from the core parser run on the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { summarizeAccounts } from '../src/msnp/findings/accounts';
import { parseLog } from '../src/msnp/parse-log';
import { readLog, SAMPLE_DIR, textLog } from './helpers/app-page';
import { expect, test } from './helpers/fixtures';

const RATE = readLog(join(SAMPLE_DIR, 'msnp9-rate-limit-800.log'));
const LOGIN = readLog(join(SAMPLE_DIR, 'msnp15-login-911.log'));
const parse = (bytes: Buffer) => parseLog(new Uint8Array(bytes), {});

test('the rate-limit burst: open it, see its evidence rows selected and its band on the strip', async ({ app }) => {
  const result = parse(RATE.bytes);
  const bursts = result.findings.filter((f) => f.kind === 'rate-limit');
  const burst = bursts.find((f) => f.detail.kind === 'rate-limit' && f.detail.burst.throttled === 'XFR SB');
  if (burst?.detail.kind !== 'rate-limit') throw new Error('the sample has no XFR SB burst');
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();

  await expect(app.page.getByTestId('verdict')).toContainText(`${bursts.length} rate-limit bursts`);
  await expect(app.page.getByTestId('overview-band')).toHaveCount(bursts.length);
  await expect(app.page.locator(`[data-testid="overview-band"][data-finding-id="${burst.id}"]`)).toBeVisible();

  const item = app.page.locator(`[data-testid="finding"][data-finding-id="${burst.id}"]`);
  // The count beside the title is of the messages it cites, not of the file's lines.
  await expect(item.locator('.finding-evidence-count')).toHaveText(` · ${burst.evidence.length} messages`);
  await item.getByRole('button').first().click();
  await expect(item.getByTestId('finding-body')).toContainText(burst.narrative.slice(0, 40));

  // The timeline now shows exactly the evidence, every row marked as evidence, and the refusal selected.
  await expect(app.resultCount()).toContainText(`${burst.evidence.length} of ${result.events.length}`);
  const ids = await app.rows().evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-event-id'))));
  expect(ids).toEqual([...burst.evidence]);
  await expect(app.page.locator('tr[data-evidence="true"]')).toHaveCount(burst.evidence.length);
  await expect(app.page.locator(`tr[data-burst="${burst.id}"]`).first()).toBeVisible();
  await expect(app.rowByEvent(burst.detail.burst.refusedAt)).toHaveAttribute('aria-selected', 'true');
  expect(new URL(app.page.url()).hash).toContain(`finding=${burst.id}`);

  // Clear says what it brings back, and does it.
  const clear = app.page.getByTestId('finding-clear');
  await expect(clear).toContainText(`show all ${result.events.length} messages`);
  await clear.click();
  expect((await app.counts()).shown).toBe(result.events.length);
  await expect(app.page.getByTestId('finding-filter')).toHaveCount(0);
});

test('the failed login: the ladder stops at the ticket step, and a step links to its lines', async ({ app }) => {
  const result = parse(LOGIN.bytes);
  const failed = result.findings.find((f) => f.kind === 'login-failed');
  if (failed?.detail.kind !== 'login') throw new Error('the sample has no failed login');
  const stop = failed.detail.attempt.steps.find((s) => s.state === 'failed');
  expect(stop?.name).toBe('USR S (ticket)');
  await app.open();
  await app.dropLog(LOGIN);
  await app.waitForReady();

  await expect(app.page.getByTestId('verdict')).toContainText('Login failed at the ticket step (911)');
  const item = app.page.locator(`[data-testid="finding"][data-finding-id="${failed.id}"]`);
  await item.getByRole('button').first().click();
  const ladder = item.getByTestId('login-ladder');
  await expect(ladder).toBeVisible();
  const stopRung = ladder.locator('[data-stop="true"]');
  await expect(stopRung).toHaveCount(1);
  await expect(stopRung).toContainText('USR S (ticket)');
  await expect(stopRung).toContainText('failed here');
  // Everything after the stop is not reached; the rungs before it are done.
  const states = await ladder.getByTestId('ladder-step').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-state')));
  const at = states.indexOf('failed');
  expect(states.slice(0, at).every((s) => s === 'done')).toBe(true);
  expect(states.slice(at + 1).every((s) => s === 'not-reached')).toBe(true);
  // The open panel (verdict, groups, ladder) passes axe.
  const axe = await new AxeBuilder({ page: app.page }).include('[data-testid="findings-panel"]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // The stop's line link selects its first line, the ticket USR that the 911 answers.
  const ticket = stop?.events[0];
  if (ticket === undefined) throw new Error('the stop step has no lines');
  await stopRung.getByRole('button').click();
  await expect(app.rowByEvent(ticket)).toHaveAttribute('aria-selected', 'true');
});

test("the Passport step cites the client's own lines about it, and shows them in the timeline", async ({ app, page }) => {
  const result = parse(LOGIN.bytes);
  const failed = result.findings.find((f) => f.kind === 'login-failed');
  if (failed?.detail.kind !== 'login') throw new Error('the sample has no failed login');
  await app.open();
  await app.dropLog(LOGIN);
  await app.waitForReady();
  const item = page.locator(`[data-testid="finding"][data-finding-id="${failed.id}"]`);
  await item.getByRole('button').first().click();
  const passport = item.getByTestId('ladder-step').filter({ hasText: 'Passport' });
  await expect(passport.getByTestId('ladder-client-lines')).toHaveText('lines 20, 21');
  await expect(passport.getByTestId('ladder-client-quote')).toContainText('Requesting security tokens for messengerclear.live.com');
  await passport.getByTestId('ladder-client-lines').click();
  // The lines are shown with the non-protocol lines, right after the policy they follow (selected).
  await expect(page.locator('[data-testid="timeline"] tbody tr[data-line="20"]')).toBeVisible();
  await expect(page.locator('[data-testid="timeline"] tbody tr[data-line="21"]')).toContainText('Received security tokens');
  expect(new URL(page.url()).hash).toContain('np=1');
  const policy = result.events.find((e) => e.line === 19);
  await expect(app.rowByEvent(policy?.id ?? -1)).toHaveAttribute('aria-selected', 'true');
});

test('the Findings tab shows the findings full height, in the URL as #/findings; opening one goes back to the timeline', async ({ app }) => {
  const result = parse(RATE.bytes);
  const burst = result.findings.find((f) => f.kind === 'rate-limit');
  if (burst === undefined) throw new Error('the sample has no burst');
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();

  await app.page.getByTestId('tab-findings').click();
  const view = app.page.getByTestId('findings-view');
  await expect(view).toBeVisible();
  await expect(app.page.getByTestId('timeline')).toHaveCount(0);
  await expect(app.page.getByTestId('findings-panel')).toHaveCount(1); // moved into the tab, not shown twice
  await expect(view.locator('details.findings-list')).toHaveAttribute('open', '');
  expect(new URL(app.page.url()).hash).toMatch(/^#\/findings\?/);

  await view.locator(`[data-testid="finding"][data-finding-id="${burst.id}"]`).getByRole('button').first().click();
  await expect(app.page.getByTestId('timeline')).toBeVisible();
  await expect(app.resultCount()).toContainText(`${burst.evidence.length} of ${result.events.length}`);
});

/** A server log: 300 sign-ins on their own connections, every seventh refused with 911 after the ticket. */
function serverLog(): ReturnType<typeof textLog> {
  const lines: string[] = [];
  for (let k = 0; k < 300; k++) {
    const c = `NS/${(0x1000 + k).toString(16)}`;
    const who = `user${k}@example.invalid`;
    lines.push(`${c} con`, `${c} >>> VER 1 MSNP15 CVR0`, `${c} <<< VER 1 MSNP15`, `${c} >>> USR 3 SSO I ${who}`, `${c} <<< USR 3 SSO S MBI_KEY_OLD Wk9mN2xQcTRyUzh0VjJ1WQ==`,
      `${c} >>> USR 4 SSO S t=ticket Wk9mN2xQcTRyUzh0VjJ1WQ==`, k % 7 === 3 ? `${c} <<< 911 4` : `${c} <<< USR 4 OK ${who} 1 0`);
  }
  return textLog('server.log', `${lines.join('\n')}\n`);
}

test('a server log with hundreds of sign-ins rolls them into one row per outcome, listed a page at a time', async ({ app, page }) => {
  const log = serverLog();
  const result = parse(log.bytes);
  const logins = result.findings.filter((f) => f.group === 'login');
  expect(logins).toHaveLength(300);
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  const group = page.locator('[data-testid="findings-group"][data-group="login"]');
  // Two rows, failures first, each saying how many accounts it stands for; nothing is listed one by one yet.
  const rolls = group.getByTestId('finding-roll');
  await expect(rolls).toHaveCount(2);
  await expect(group.locator('[data-testid="finding"]')).toHaveCount(0);
  await expect(rolls.nth(0)).toContainText('error: Login failed at the ticket step (911) (MSNP15, SSO) · 43 accounts');
  await expect(rolls.nth(1)).toContainText('note: Signed in (MSNP15, SSO) · 257 accounts');

  // The sign-ins open a page at a time, each named by its account.
  const signedIn = rolls.nth(1);
  const head = signedIn.getByRole('button', { name: /Signed in/ });
  await expect(head).toHaveAttribute('aria-expanded', 'false');
  await head.click();
  await expect(head).toHaveAttribute('aria-expanded', 'true');
  const members = signedIn.locator('[data-testid="finding"]');
  await expect(members).toHaveCount(50);
  await expect(members.first()).toContainText('user0@example.invalid');
  const more = signedIn.getByTestId('finding-members-more');
  await expect(more).toHaveText('Show 200 more (207 of 257 not listed yet)');
  await more.click();
  await expect(members).toHaveCount(250);
  await more.click();
  await expect(members).toHaveCount(257);
  await expect(more).toHaveCount(0);
  const axe = await new AxeBuilder({ page }).include('[data-testid="findings-panel"]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // One refused account opens as its own finding: the timeline narrows to its sign-in, the link names it.
  const failed = rolls.nth(0);
  await failed.getByRole('button', { name: /Login failed/ }).click();
  const user3 = logins.find((f) => f.subject === 'user3@example.invalid' && f.kind === 'login-failed');
  if (user3 === undefined) throw new Error('user3 was not refused');
  await failed.locator(`[data-testid="finding"][data-finding-id="${user3.id}"]`).getByRole('button').click();
  await expect(failed.getByTestId('finding-body')).toContainText('the server answered 911');
  await expect(app.resultCount()).toContainText(`${user3.evidence.length} of ${result.events.length.toLocaleString('en-US')}`);
  expect(new URL(page.url()).hash).toContain(`finding=${user3.id}`);
  // Folding its row away clears the finding filter.
  await failed.getByRole('button', { name: /Login failed/ }).click();
  await expect(page.getByTestId('finding-filter')).toHaveCount(0);
  await expect(failed.locator('[data-testid="finding"]')).toHaveCount(0);
});

test('the server-log sample: the status-change burst says whose connection the server throttled', async ({ app, page }) => {
  await app.open();
  await page.getByTestId('sample-server-log').click();
  await app.waitForReady();
  await expect(page.getByTestId('verdict')).toContainText('1 rate-limit burst on 1 account');
  const group = page.locator('[data-testid="findings-group"][data-group="rate-limit"]');
  const burst = group.locator('[data-testid="finding"]');
  await expect(burst).toHaveCount(1);
  await expect(burst).toContainText('alice@example.invalid: Status changes throttled (800): the 5th CHG was refused');
  await burst.getByRole('button').first().click();
  // Its evidence is alice's CHG lines only: every row shown is on her connection.
  const conns = await page.locator('[data-testid="timeline"] tbody tr .conn-badge').allInnerTexts();
  expect(conns.length).toBeGreaterThan(0);
  expect(new Set(conns).size).toBe(1);
  // The connection list offers each account, meaning all of its connections.
  await page.getByTestId('finding-clear').click();
  const result = parse(readLog(join(SAMPLE_DIR, 'escargot-server-sign-ins.log')).bytes);
  const bobs = result.connections.filter((c) => c.account === 'bob@example.invalid').map((c) => c.id);
  expect(bobs.length).toBeGreaterThan(0);
  await page.getByTestId('connection-select').selectOption('bob@example.invalid');
  const shown = await page.locator('[data-testid="timeline"] tbody tr .conn-badge').allInnerTexts();
  expect(shown.length).toBe(result.events.filter((e) => bobs.includes(e.connection)).length);
  expect(new Set(shown)).toEqual(new Set(bobs));
});

test("a server log: the connection box and the filter take an account, and keep only that account's lines", async ({ app, page }) => {
  const log = serverLog();
  const result = parse(log.bytes);
  const mine = result.connections.filter((c) => c.account === 'user10@example.invalid');
  expect(mine).toHaveLength(1);
  const own = result.events.filter((e) => e.connection === mine[0]?.id).length;
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  // 300 connections: the chooser is a text box, which takes an account as well as an id.
  const box = page.getByTestId('connection-select');
  await box.fill('User10@example.invalid');
  await box.press('Enter');
  await expect(app.resultCount()).toContainText(`${own} of ${result.events.length.toLocaleString('en-US')}`);
  expect(new URL(page.url()).hash).toContain('conn=user10%40example.invalid');
  const conns = await page.locator('[data-testid="timeline"] tbody tr .conn-badge').allInnerTexts();
  expect(new Set(conns)).toEqual(new Set([mine[0]?.id]));
  // The same in the filter language; the detail pane names the account.
  await box.fill('');
  await box.press('Enter');
  await app.page.getByTestId('query-input').fill('conn:user10@example.invalid is:error');
  await expect(app.resultCount()).toContainText(`1 of ${result.events.length.toLocaleString('en-US')}`);
  await page.locator('[data-testid="timeline"] tbody tr').first().click();
  await expect(page.getByTestId('detail-pane')).toContainText('account user10@example.invalid');
  // The transcript follows an account typed into its box: that account's connection.
  await page.getByRole('tab', { name: /Transcript/ }).click();
  const follow = page.getByTestId('transcript-connection');
  await follow.fill('user10@example.invalid');
  await follow.press('Enter');
  await expect(follow).toHaveValue(mine[0]?.id ?? '?');
  expect(new URL(page.url()).hash).toContain(`tc=${mine[0]?.id ?? '?'}`);
});

test("a server log's Accounts tab: the refused accounts first, and one opens the timeline on its connection", async ({ app, page }) => {
  const log = serverLog();
  const result = parse(log.bytes);
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  const tab = page.getByTestId('tab-accounts');
  await expect(tab).toHaveText('Accounts (300)');
  await tab.click();
  expect(new URL(page.url()).hash.startsWith('#/accounts')).toBe(true);
  const view = page.getByTestId('accounts-view');
  await expect(view.locator('caption')).toContainText('300 accounts: 43 with a failed sign-in, 0 rate-limited');
  const rows = view.getByTestId('account-row');
  await expect(rows).toHaveCount(100);
  // The 43 refused accounts (every seventh, from user3) lead, in log order.
  await expect(rows.nth(0)).toHaveAttribute('data-account', 'user3@example.invalid');
  await expect(rows.nth(0)).toContainText('Login failed at the ticket step (911)');
  await expect(rows.nth(42)).toHaveAttribute('data-account', 'user297@example.invalid');
  await expect(rows.nth(43)).toContainText('Signed in');
  await view.getByTestId('accounts-more').click();
  await expect(rows).toHaveCount(300);
  const axe = await new AxeBuilder({ page }).include('[data-testid="accounts-view"]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await rows.nth(1).getByRole('button', { name: 'user10@example.invalid' }).click();
  await expect(page.getByTestId('timeline')).toBeVisible();
  const own = result.events.filter((e) => e.connection === result.connections.find((c) => c.account === 'user10@example.invalid')?.id).length;
  await expect(app.resultCount()).toContainText(`${own} of ${result.events.length.toLocaleString('en-US')}`);
  expect(new URL(page.url()).hash).toContain('conn=user10%40example.invalid');
});

test("an account opens the timeline on all its connections, even with another account's finding in force", async ({ app, page }) => {
  const log = readLog(join(SAMPLE_DIR, 'escargot-server-sign-ins.log'));
  const result = parse(log.bytes);
  const failed = result.findings.find((f) => f.kind === 'login-failed');
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  await page.locator(`[data-testid="finding"][data-finding-id="${failed?.id ?? ''}"] button`).first().click();
  await expect.poll(() => new URL(page.url()).hash).toContain('finding=');
  await page.getByTestId('tab-accounts').click();
  await expect(page.getByTestId('accounts-view').locator('caption')).toContainText('Choose an account to see all its connections in the timeline');
  await page.locator('[data-testid="account-row"][data-account="alice@example.invalid"]').getByRole('button', { name: 'alice@example.invalid' }).click();
  await expect(app.table()).toBeVisible();
  const alice = new Set(result.connections.filter((c) => c.account === 'alice@example.invalid').map((c) => c.id));
  const own = result.events.filter((e) => alice.has(e.connection)).length;
  expect(own).toBeGreaterThan(0);
  await expect.poll(async () => (await app.counts()).shown).toBe(own);
  const hash = new URL(page.url()).hash;
  expect(hash).toContain('conn=alice%40example.invalid');
  expect(hash).not.toContain('finding=');
});

test("the Accounts tab sorts by any column, the order is in the link, and one click puts trouble first again", async ({ app, page }) => {
  const log = readLog(join(process.cwd(), 'fixtures/msnp/findings/server-many-accounts.log'));
  const accounts = summarizeAccounts(parse(log.bytes));
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  await page.getByTestId('tab-accounts').click();
  const view = page.getByTestId('accounts-view');
  const order = async (): Promise<(string | null)[]> => view.getByTestId('account-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-account')));
  expect(await order()).toEqual(accounts.map((a) => a.account));
  await expect(view.getByTestId('accounts-order')).toHaveText('Accounts in trouble come first');

  await view.getByTestId('accounts-sort-account').click();
  const az = accounts.map((a) => a.account).sort();
  await expect.poll(order).toEqual(az);
  await expect(view.locator('th[aria-sort="ascending"]')).toContainText('Account');
  expect(new URL(page.url()).hash).toContain('asort=account');
  await view.getByTestId('accounts-sort-account').click();
  await expect.poll(order).toEqual([...az].reverse());
  await expect(view.getByTestId('accounts-order')).toHaveText('Sorted by account, Z to A');

  // A count sorts most first on its first click: heidi signed in twice.
  await view.getByTestId('accounts-sort-signIns').press('Enter');
  await expect(view.locator('th[aria-sort="descending"]')).toContainText('Sign-ins');
  await expect.poll(async () => (await order())[0]).toBe('heidi@example.invalid');
  await expect(view.getByTestId('accounts-order')).toHaveText('Sorted by sign-ins, most first');
  expect(new URL(page.url()).hash).toContain('asort=-signIns');

  // The link opens on the same order.
  const link = page.url();
  await app.open();
  await page.goto(link);
  await app.dropLog(log);
  await app.waitForReady();
  await expect.poll(async () => (await order())[0]).toBe('heidi@example.invalid');
  await view.getByTestId('accounts-order-reset').click();
  await expect.poll(order).toEqual(accounts.map((a) => a.account));
  expect(new URL(page.url()).hash).not.toContain('asort=');
  const axe = await new AxeBuilder({ page }).include('[data-testid="accounts-view"]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});

test('the Accounts tab finds accounts by any part of their address, and the search is in the link', async ({ app, page }) => {
  const log = serverLog();
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  await page.getByTestId('tab-accounts').click();
  const view = page.getByTestId('accounts-view');
  const rows = view.getByTestId('account-row');
  await expect(rows).toHaveCount(100);
  // user1, user10…user19, user100…user199: 111 of the 300, refused ones (every seventh from user3) first.
  await view.getByTestId('accounts-search').fill('USER1');
  await expect(view.getByTestId('accounts-search-count')).toHaveText('111 of 300 accounts match');
  await expect(rows).toHaveCount(100);
  await expect(rows.nth(0)).toHaveAttribute('data-account', 'user10@example.invalid');
  await view.getByTestId('accounts-more').click();
  await expect(rows).toHaveCount(111);
  expect(new URL(page.url()).hash).toContain('aq=USER1');
  // The download has every account the search keeps, not only the page on screen, in the table's order.
  const [csv] = await Promise.all([page.waitForEvent('download'), view.getByTestId('accounts-csv').click()]);
  expect(csv.suggestedFilename()).toBe('server-accounts.csv');
  const csvLines = readFileSync(await csv.path(), 'utf8').trimEnd().split('\r\n');
  expect(csvLines[0]).toBe('# 111 of 300 accounts matching "USER1", accounts in trouble come first');
  expect(csvLines).toHaveLength(2 + 111);
  expect(csvLines[2]?.startsWith('user10@example.invalid,1,0,1,Login failed at the ticket step (911),1,911:1,0,')).toBe(true);
  await view.getByTestId('accounts-search').fill('user299@');
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText('Signed in');
  // The link opens on the same search.
  const link = page.url();
  await app.open();
  await page.goto(link);
  await app.dropLog(log);
  await app.waitForReady();
  await expect(view.getByTestId('accounts-search')).toHaveValue('user299@');
  await expect(rows).toHaveCount(1);
  await view.getByTestId('accounts-search').fill('nobody');
  await expect(view.getByTestId('accounts-no-match')).toContainText('No account\'s address contains “nobody”');
  await view.getByRole('button', { name: 'Show every account' }).click();
  await expect(rows).toHaveCount(100);
  await expect(view.getByTestId('accounts-search')).toHaveValue('');
});

test("the Accounts tab says when each account's last sign-in ended, on a log with times", async ({ app, page }) => {
  await app.open();
  await app.dropLog(readLog(join(process.cwd(), 'fixtures/msnp/findings/server-timed-accounts.log')));
  await app.waitForReady();
  await page.getByTestId('tab-accounts').click();
  const alice = page.locator('[data-testid="account-row"][data-account="alice@example.invalid"]');
  await expect(alice).toContainText('Login failed at the ticket step (911) · 10:01:20');
});

test("a client's own log has no Accounts tab, and a link to one says there is nothing to compare", async ({ app, page }) => {
  await app.open();
  await app.dropLog(LOGIN);
  await app.waitForReady();
  await expect(page.getByTestId('tab-findings')).toBeVisible();
  await expect(page.getByTestId('tab-accounts')).toHaveCount(0);
  await page.evaluate(() => {
    location.hash = '#/accounts?v=1';
  });
  await expect(page.getByTestId('accounts-none')).toContainText('This log names one account or none');
  await expect(page.getByTestId('tab-accounts')).toHaveAttribute('aria-selected', 'true');
});
