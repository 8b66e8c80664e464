/**
 * Details and navigation: selecting an error row and jumping from the reply to its command, `e`/`E` walking the
 * errors in order, the other keys, and the view surviving reload, Back and Forward, and `sel=` links.
 */
import { join } from 'node:path';
import { explainEvent } from '../src/msnp/explain';
import { parseLog } from '../src/msnp/parse-log';
import { readLog, SAMPLE_DIR, textLog } from './helpers/app-page';
import { expect, test } from './helpers/fixtures';

const OFFLINE = readLog(join(SAMPLE_DIR, 'msnp12-cal-offline-713.log'));
const RATE = readLog(join(SAMPLE_DIR, 'msnp9-rate-limit-800.log'));
const eventsOf = (bytes: Buffer) => parseLog(new Uint8Array(bytes), {}).events;

test("the detail pane's fields read in words: named parameters, the status, how the connection was told apart", async ({ app }) => {
  const events = eventsOf(OFFLINE.bytes);
  const cal = events.find((e) => e.command === 'CAL' && e.direction === 'client' && e.status === 'error');
  if (!cal) throw new Error('the sample needs a CAL answered with an error');
  await app.open();
  await app.dropLog(OFFLINE);
  await app.waitForReady();
  await app.queryBox().fill('cmd:CAL');
  await app.rowByEvent(cal.id).click();
  const fields = app.page.getByTestId('detail-fields');
  await expect(fields).toContainText(`param 1: account to invite${cal.params[0] ?? ''}`);
  await expect(fields).toContainText('statusanswered with an error');
  await expect(fields).toContainText('told apart because');
  await expect(fields).not.toContainText('not-a-command');
});

test('select an error row, read its explanation, jump from the reply to its command', async ({ app }) => {
  const events = eventsOf(OFFLINE.bytes);
  const err = events.find((e) => e.error !== null && e.replyTo !== null);
  if (!err || err.replyTo === null) throw new Error('the sample needs an answered error');
  const cmd = events[err.replyTo];
  await app.open();
  await app.dropLog(OFFLINE);
  await app.waitForReady();
  // Narrow to the CAL transactions (commands and their replies) so both ends are on screen.
  await app.queryBox().fill('cmd:CAL');
  const row = app.rowByEvent(err.id);
  await expect(row).toContainText(String(err.error?.code));
  await expect(row).toContainText(err.error?.name ?? '');
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(app.detail()).toHaveAttribute('data-event-id', String(err.id));
  await expect(app.page.getByTestId('error-explanation')).toContainText(String(err.error?.code));
  await expect(app.page.getByTestId('detail-hex')).toContainText('00000000');
  await app.page.getByTestId('jump-to-command').click();
  await expect(app.detail()).toHaveAttribute('data-event-id', String(cmd?.id));
  await expect(app.rowByEvent(cmd?.id ?? -1)).toHaveAttribute('aria-selected', 'true');
  expect(new URL(app.page.url()).hash).toContain(`sel=${cmd?.id}`);
});

test("an error's details lead with what it means here; the code's general meaning is a click away unless nothing more is known", async ({ app }) => {
  const result = parseLog(new Uint8Array(OFFLINE.bytes), {});
  const offline = result.events.find((e) => e.error?.code === 217);
  const ex = offline === undefined ? null : explainEvent(result, offline.id);
  if (!offline || !ex) throw new Error('the sample needs a 217');
  await app.open();
  await app.dropLog(OFFLINE);
  await app.waitForReady();
  await app.queryBox().fill('code:217');
  await app.rowByEvent(offline.id).click();
  const box = app.page.getByTestId('error-explanation');
  // The in-context sentence comes first and is said once; the catalog meaning that restates it stays folded.
  await expect(box.getByTestId('explanation-answer')).toHaveText(ex.inContext);
  await expect(box.getByText(ex.meaning)).toBeHidden();
  await box.getByText('Code 217 in general').click();
  await expect(box.getByText(ex.meaning)).toBeVisible();

  // No rule knows a 500 to SYN: the answer only names the code's title, so its general meaning is shown at once.
  await app.dropLog(textLog('syn-500.log', '>>> VER 1 MSNP8 CVR0\n<<< VER 1 MSNP8\n>>> SYN 2 0\n<<< 500 2\n'));
  await app.waitForReady();
  await app.rowByEvent(3).click();
  await expect(app.page.getByTestId('explanation-general')).toBeVisible();
  await expect(app.page.getByTestId('explanation-general')).toContainText('Code 500 in general:');
});

test('keyboard: e walks the errors in order, E walks back, j/k move, Esc closes, / focuses, ? helps', async ({ app }) => {
  const errors = eventsOf(RATE.bytes).filter((e) => e.error !== null).map((e) => e.id);
  expect(errors.length).toBeGreaterThan(2);
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();
  const page = app.page;
  for (const id of errors) {
    await page.keyboard.press('e');
    await expect(app.detail()).toHaveAttribute('data-event-id', String(id));
    await expect(app.rowByEvent(id)).toHaveAttribute('aria-selected', 'true');
  }
  await page.keyboard.press('e'); // wraps to the first
  await expect(app.detail()).toHaveAttribute('data-event-id', String(errors[0]));
  await page.keyboard.press('Shift+E'); // back to the last
  await expect(app.detail()).toHaveAttribute('data-event-id', String(errors[errors.length - 1]));
  const last = errors[errors.length - 1] ?? 0;
  await page.keyboard.press('k');
  await expect(app.detail()).toHaveAttribute('data-event-id', String(last - 1));
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowDown');
  await expect(app.detail()).toHaveAttribute('data-event-id', String(last + 1));
  await page.keyboard.press('Escape');
  await expect(app.detail()).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(app.detail()).toHaveAttribute('data-event-id', String(last + 1));
  await page.keyboard.press('/');
  await expect(app.queryBox()).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-dialog')).toContainText('next error');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts-dialog')).toHaveCount(0);
});

test('reload asks for the file and restores the view; Back and Forward restore selections', async ({ app }) => {
  const errors = eventsOf(RATE.bytes).filter((e) => e.error !== null).map((e) => e.id);
  const [first, second] = errors;
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();
  await app.chip('8xx').click();
  await app.rowByEvent(first ?? 0).click();
  await app.rowByEvent(second ?? 0).click();
  await expect(app.detail()).toHaveAttribute('data-event-id', String(second));
  const page = app.page;
  await page.goBack();
  await expect(app.detail()).toHaveAttribute('data-event-id', String(first));
  await page.goForward();
  await expect(app.detail()).toHaveAttribute('data-event-id', String(second));

  await page.reload();
  await expect(page.getByTestId('need-file')).toBeVisible();
  await app.dropLog(RATE);
  await app.waitForReady();
  await expect(app.chip('8xx')).toHaveAttribute('aria-pressed', 'true');
  await expect(app.detail()).toHaveAttribute('data-event-id', String(second));
  await expect(app.rowByEvent(second ?? 0)).toHaveAttribute('aria-selected', 'true');
});

test('a sel= link scrolls to the event and opens it', async ({ app }) => {
  const events = eventsOf(RATE.bytes);
  const target = events[events.length - 2];
  if (!target) throw new Error('sample too short');
  await app.open(`#/timeline?v=1&sel=${target.id}`);
  await app.dropLog(RATE);
  await app.waitForReady();
  await expect(app.detail()).toHaveAttribute('data-event-id', String(target.id));
  await expect(app.rowByEvent(target.id)).toBeInViewport();
});

test('the transcript tab follows one connection', async ({ app }) => {
  const r = parseLog(new Uint8Array(OFFLINE.bytes), {});
  const sb = r.connections.find((c) => c.kind === 'SB') ?? r.connections[0];
  await app.open();
  await app.dropLog(OFFLINE);
  await app.waitForReady();
  await app.page.getByTestId('tab-transcript').click();
  await app.page.getByTestId('transcript-connection').selectOption(sb?.id ?? '');
  await expect(app.page.getByTestId('transcript')).toContainText(`${sb?.eventCount} messages on this connection`);
  const hash = new URL(app.page.url()).hash;
  expect(hash.startsWith('#/transcript')).toBe(true);
  expect(hash).toContain(`tc=${sb?.id}`);
  await app.page.reload();
  await app.dropLog(OFFLINE);
  await app.waitForReady();
  await expect(app.page.getByTestId('transcript-connection')).toHaveValue(sb?.id ?? '');
});

test('a row with a payload expands it inline, as text', async ({ app }) => {
  const log = textLog(
    'payload.log',
    ['>>> VER 1 MSNP12 CVR0', '<<< VER 1 MSNP12', '<<< MSG Hotmail Hotmail 29', 'MIME-Version: 1.0', '', 'Hi <b>there</b>', ''].join(
      '\n',
    ),
  );
  const r = parseLog(new Uint8Array(log.bytes), {});
  const msg = r.events.find((e) => e.command === 'MSG');
  expect(msg?.payload?.text).toContain('Hi');
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  const row = app.rowByEvent(msg?.id ?? -1);
  await row.getByRole('button', { name: `Show payload of line ${msg?.line}` }).click();
  await expect(row.getByTestId('inline-payload')).toContainText('Hi <b>there</b>');
  await expect(app.page.locator('b')).toHaveCount(0);
  await row.getByRole('button', { name: `Hide payload of line ${msg?.line}` }).click();
  await expect(row.getByTestId('inline-payload')).toHaveCount(0);
});

test('focus follows the keyboard: a sample opened with Enter, Enter into the details and Esc back, Esc out of the Commands picker', async ({ app }) => {
  const page = app.page;
  await app.open();
  await page.getByTestId('sample-offline-contact').focus();
  await page.keyboard.press('Enter');
  await app.waitForReady();
  await expect(page.getByTestId('verdict')).toBeFocused();
  // Focused for the screen reader, not a control: no ring that makes it look like a text box.
  expect(await page.getByTestId('verdict').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('none');

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const selected = page.locator('[data-testid="timeline"] tbody tr[aria-selected="true"]');
  await expect(selected).toHaveCount(1);
  await page.keyboard.press('Escape'); // the details close
  await expect(app.detail()).toHaveCount(0);
  await expect(selected).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(app.detail()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(app.detail()).toHaveCount(0);
  await expect(selected).toBeFocused();

  const picker = page.getByTestId('command-picker');
  await picker.click();
  await page.getByRole('group', { name: /Commands/ }).getByRole('checkbox').first().focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('group', { name: /Commands/ })).toHaveCount(0);
  await expect(picker).toBeFocused();
});
