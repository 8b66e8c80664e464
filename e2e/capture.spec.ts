/**
 * Packet captures: a pcapng dropped on the page is read in the worker as its MSNP connections; the header says
 * what the capture held, the connections are told apart by TCP connection, the 713 is explained, a P2P message
 * shows its MIME head and a one-line summary of its binary part, a report link
 * made from it reopens in a fresh context as the same messages (the link carries the capture's text form,
 * redacted), and a capture with no MSNP gets a plain explanation. Expected counts come from the core in Node.
 */
import { join } from 'node:path';
import { parseLog } from '../src/msnp/parse-log';
import { writeCapture } from '../src/msnp/capture/write-capture';
import { AppPage, readLog, SAMPLE_DIR } from './helpers/app-page';
import { expect, test } from './helpers/fixtures';

const CAPTURE = join(SAMPLE_DIR, 'msnp8-signin-switchboard.pcapng');

test('a dropped pcapng shows its MSNP messages, connection by connection, with the 713 explained', async ({ app, page }) => {
  const log = readLog(CAPTURE);
  const want = parseLog(new Uint8Array(log.bytes), {});
  expect(want.events.length).toBeGreaterThan(30);
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  await expect(app.root).toHaveAttribute('data-parsed-via', 'worker');
  await expect(page.getByTestId('capture-info')).toContainText('Packet capture (pcapng): 48 packets, 3 MSNP connections');
  await expect(page.getByTestId('capture-info').locator('.visually-hidden')).toHaveText(/left out: 1 other TCP connection \(not MSNP\), 1 packet with no TCP$/);
  await expect(page.getByTestId('capture-info')).toHaveAttribute('title', /left out: 1 other TCP connection \(not MSNP\), 1 packet with no TCP/);
  await expect(page.getByTestId('dialect-select')).toHaveCount(0);
  expect(await app.counts()).toEqual({ shown: want.events.length, total: want.events.length });
  // Only the switchboard's messages: typed into the filter box as a user would.
  await app.queryBox().fill('conn:SB1');
  const sb = want.events.filter((e) => e.connection === 'SB1').length;
  await expect.poll(async () => (await app.counts()).shown).toBe(sb);
  await app.chip('7xx').click();
  await expect.poll(async () => (await app.counts()).shown).toBe(1);
  await app.rows().first().click();
  await expect(app.detail()).toContainText('713');
  await expect(app.detail()).toContainText('CAL 5');
  // The P2P message: its MIME head shown, its binary part summed up in one line (an SLP INVITE on session 0).
  const p2p = want.events.find((e) => e.payload?.visibility === 'summary');
  if (p2p === undefined) throw new Error('the sample has no summed-up P2P message');
  await app.chip('7xx').click();
  await app.queryBox().fill('conn:SB1 cmd:MSG');
  await page.getByRole('button', { name: `Show payload of line ${p2p.line}` }).click();
  const payload = page.getByTestId('inline-payload');
  await expect(payload).toContainText('Content-Type: application/x-msnmsgrp2p');
  await expect(payload).toContainText('[binary part not shown: 163 bytes; P2P session 0, message 42, bytes 0-111 of 111, flags 0x00, footer 0; SLP: INVITE MSNMSGR:bob@example.com MSNSLP/1.0]');
});

test('a report link made from a capture reopens as the same messages in a fresh context', async ({ app, page, browser }) => {
  const log = readLog(CAPTURE);
  await app.open();
  await app.dropLog(log);
  await app.waitForReady();
  const counts = await app.counts();
  await page.locator('body').press('s');
  await expect(page.getByTestId('report-link-text')).toHaveValue(/report=1\./);
  const link = await page.getByTestId('report-link-text').inputValue();
  expect(link).not.toContain('alice@example.com');
  const context = await browser.newContext();
  const fresh = new AppPage(await context.newPage());
  await fresh.page.goto(link);
  await fresh.waitForReady();
  expect(await fresh.counts()).toEqual(counts);
  // The recipient reads the capture's text form: its connections are still the TCP connections.
  await fresh.queryBox().fill('conn:SB1');
  await expect.poll(async () => (await fresh.counts()).shown).toBe(parseLog(new Uint8Array(log.bytes), {}).events.filter((e) => e.connection === 'SB1').length);
  await context.close();
});

test('a capture with no MSNP in it gets a plain explanation', async ({ app, page }) => {
  const web = writeCapture(
    [{ client: { address: '10.0.0.2', port: 50000 }, server: { address: '93.184.216.34', port: 80 } }],
    [{ kind: 'send', conn: 0, from: 'client', time: Date.UTC(2024, 0, 1), data: 'GET / HTTP/1.1\r\nHost: example.com\r\n\r\n' }],
    { format: 'pcap' },
  );
  await app.open();
  await app.dropLog({ name: 'web.pcap', bytes: Buffer.from(web) });
  await expect(page.getByTestId('input-problem')).toHaveAttribute('data-problem', 'not-msnp');
  await expect(page.getByTestId('input-problem')).toContainText('a pcap packet capture of');
  await expect(page.getByTestId('input-problem')).toContainText('none of its TCP connections carries MSNP');
  await expect(page.getByTestId('dialect-select')).toHaveCount(0);
});
