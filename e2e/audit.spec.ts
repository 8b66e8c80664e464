/**
 * What a fresh-eyes pass over the app turned up, each checked where the user meets it: the keyboard reaches the
 * timeline's rows, latencies on a whole-second log do not claim milliseconds, a successful sign-in's ladder does
 * not say "not reached", and the detail pane wraps its words at spaces.
 */
import { join } from 'node:path';
import { parseLog } from '../src/msnp/parse-log';
import { readLog, SAMPLE_DIR } from './helpers/app-page';
import { expect, test } from './helpers/fixtures';

const RATE = readLog(join(SAMPLE_DIR, 'msnp9-rate-limit-800.log'));
const CHAT = readLog(join(SAMPLE_DIR, 'msnp15-login-and-chat.log'));

test('Tab from the last column header lands on the first row, and j then moves from there', async ({ app }) => {
  const events = parseLog(new Uint8Array(RATE.bytes), {}).events;
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();
  await app.page.getByTestId('sort-status').focus();
  await app.page.keyboard.press('Tab');
  const first = app.rowByEvent(events[0]?.id ?? -1);
  await expect(first).toBeFocused();
  // Exactly one row is a Tab stop.
  await expect(app.page.locator('[data-testid="timeline"] tbody tr[tabindex="0"]')).toHaveCount(1);
  await app.page.keyboard.press('j');
  await expect(app.page.locator('[data-testid="timeline"] tbody tr[aria-selected="true"]')).toHaveCount(1);
});

test("a whole-second log's latencies read in whole seconds, the same in the Status column and the detail pane", async ({ app }) => {
  const events = parseLog(new Uint8Array(CHAT.bytes), {}).events;
  const quick = events.find((e) => e.direction === 'client' && e.latencyMs === 0);
  const slow = events.find((e) => e.direction === 'client' && e.latencyMs === 1000);
  if (!quick || !slow) throw new Error('the sample needs a reply in the same second and one a second later');
  await app.open();
  await app.dropLog(CHAT);
  await app.waitForReady();
  await expect(app.rowByEvent(quick.id)).toContainText('→ OK in <1 s');
  await expect(app.rowByEvent(slow.id)).toContainText('→ OK in 1 s');
  await expect(app.table()).not.toContainText(/\d ms\b/);
  await app.rowByEvent(slow.id).click();
  await expect(app.page.getByTestId('detail-fields')).toContainText("1 s (this log's clock counts whole seconds)");
});

test("a successful sign-in's ladder says a step the log does not show is not in the log, not 'not reached'", async ({ app }) => {
  const result = parseLog(new Uint8Array(RATE.bytes), {});
  const ok = result.findings.find((f) => f.kind === 'login-succeeded');
  if (ok?.detail.kind !== 'login') throw new Error('the sample needs a successful sign-in');
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();
  const item = app.page.locator(`[data-testid="finding"][data-finding-id="${ok.id}"]`);
  await item.getByRole('button').first().click();
  const ladder = item.getByTestId('login-ladder');
  await expect(ladder.getByTestId('ladder-step').filter({ hasText: 'CHL/QRY' })).toContainText('not in the log');
  await expect(ladder).not.toContainText('not reached');
});

test('the detail pane wraps its fields at spaces, not inside words', async ({ app }) => {
  await app.open();
  await app.dropLog(CHAT);
  await app.waitForReady();
  await app.rows().first().click();
  const dd = app.page.getByTestId('detail-fields').locator('dd').first();
  await expect(dd).toHaveCSS('word-break', 'normal');
  await expect(dd).toHaveCSS('overflow-wrap', 'anywhere');
});

test('while another log is read, the header does not name (or offer to share) the log it will replace', async ({ app }) => {
  test.setTimeout(120_000);
  const page = app.page;
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();
  await expect(page.getByTestId('file-name')).toHaveText(RATE.name);
  await app.dropGenerated('huge.log', 600_000);
  await expect(page.getByTestId('load-progress')).toContainText('huge.log');
  await expect(page.getByTestId('file-name')).toHaveCount(0);
  await expect(page.getByTestId('share-button')).toHaveCount(0);
  await page.getByTestId('cancel-load').click();
  await expect(app.root).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('file-name')).toHaveText(RATE.name);
  await expect(page.getByTestId('share-button')).toBeVisible();
});

test('in an 800 px window with the details open, every tab label stays on one line', async ({ app }) => {
  await app.page.setViewportSize({ width: 800, height: 800 });
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();
  await app.page.keyboard.press('e');
  await expect(app.detail()).toBeVisible();
  const tabs = app.page.getByRole('tab');
  const count = await tabs.count();
  expect(count).toBeGreaterThan(2);
  for (let i = 0; i < count; i++) {
    // One line of text: the tab is no taller than its line height plus padding and border.
    const box = await tabs.nth(i).boundingBox();
    expect(box?.height ?? 0, `tab ${i}`).toBeLessThan(30);
  }
});

test('with a query on as well, the finding banner does not pass the filtered count off as the evidence', async ({ app }) => {
  const result = parseLog(new Uint8Array(RATE.bytes), {});
  const burst = result.findings.find((f) => f.kind === 'rate-limit' && f.evidence.length > 10);
  if (!burst) throw new Error('the sample needs a burst of more than 10 messages');
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();
  await app.page.locator(`[data-testid="finding"][data-finding-id="${burst.id}"]`).getByRole('button').first().click();
  const banner = app.page.getByTestId('finding-filter');
  await expect(banner).toContainText(`only the evidence of ${burst.title} (${burst.evidence.length} of ${result.events.length} messages)`);
  await app.queryBox().fill('dir:server');
  const { shown } = await app.counts();
  expect(shown).toBeLessThan(burst.evidence.length);
  await expect(banner).toContainText(`that the other filters also let through (${shown} of ${result.events.length} messages)`);
  await expect(banner).not.toContainText('only the evidence');
  await expect(app.page.getByTestId('finding-clear')).toHaveText('Clear the finding filter (the other filters stay)');
  await app.page.getByTestId('finding-clear').click();
  await expect(app.queryBox()).toHaveValue('dir:server');
});

test('a log with no non-protocol lines says so, instead of offering to "Show 0 non-protocol lines"', async ({ app }) => {
  await app.open();
  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp12-cal-offline-713.log')));
  await app.waitForReady();
  const label = app.page.locator('label').filter({ has: app.page.getByTestId('show-nonprotocol') });
  await expect(label).toHaveText('No non-protocol lines in this log');
  await expect(app.page.getByTestId('show-nonprotocol')).toBeDisabled();
  await expect(label).toHaveAttribute('title', /not MSNP messages/);
  await app.dropLog(RATE);
  await app.waitForReady();
  await expect(label).toHaveText('Show 16 non-protocol lines');
});

test("a 713 burst's facts do not call calls answered 217 'allowed'", async ({ app }) => {
  const log = readLog(join(SAMPLE_DIR, 'msnp12-cal-offline-713.log'));
  const result = parseLog(new Uint8Array(log.bytes), {});
  const burst = result.findings.find((f) => f.kind === 'rate-limit');
  if (burst?.detail.kind !== 'rate-limit') throw new Error('the sample needs a 713 burst');
  const { attempts, allowed, refusedAt } = burst.detail.burst;
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  await app.page.locator(`[data-testid="finding"][data-finding-id="${burst.id}"]`).getByRole('button').first().click();
  const facts = app.page.getByTestId('burst-facts');
  await expect(facts).toContainText(`${attempts.length}: ${allowed} within the limit, then refused at line ${result.events[refusedAt]?.line ?? -1}`);
  await expect(facts).not.toContainText('allowed');
});
