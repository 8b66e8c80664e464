/**
 * The load screen while a file of two formats is read: the first read, then the second, block by block
 * (msnp/parse-log.ts). Watched in the page itself (a MutationObserver records every state of the screen), so a
 * quick phase is not missed between two polls.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './helpers/fixtures';

const MIXED = readFileSync(resolve(process.cwd(), 'fixtures/msnp/libpurple/then-amsn-later.log'), 'utf8');

interface Seen {
  readonly pass: string | null;
  readonly value: number;
  readonly verb: string;
  readonly why: string;
}

test('a big file of two formats: the bar starts over for the second read and says why, then the log opens', async ({ app }) => {
  test.setTimeout(120_000);
  const page = app.page;
  await app.open();
  await page.evaluate(() => {
    const seen: Seen[] = [];
    (window as unknown as { seenProgress: Seen[] }).seenProgress = seen;
    const record = (): void => {
      const el = document.querySelector('[data-testid="load-progress"]');
      if (!el) return;
      const state = {
        pass: el.getAttribute('data-pass'),
        value: el.querySelector('progress')?.value ?? -1,
        verb: el.querySelector('[data-testid="load-progress-verb"]')?.textContent ?? '',
        why: el.querySelector('[data-testid="load-progress-why"]')?.textContent ?? '',
      };
      const last = seen.at(-1);
      if (!last || last.pass !== state.pass || last.value !== state.value || last.why !== state.why) seen.push(state);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  // The Pidgin part of the fixture ~700 times (about 24 MB, progress every megabyte), then its aMSN log once.
  const lines = MIXED.split('\n');
  const pidgin = `${lines.slice(0, 555).join('\n')}\n`;
  const amsn = lines.slice(555).join('\n');
  const dataTransfer = await page.evaluateHandle(
    ({ pidgin, amsn }) => {
      const parts: string[] = [];
      for (let k = 0; k < 700; k++) parts.push(pidgin);
      parts.push(amsn);
      const dt = new DataTransfer();
      dt.items.add(new File(parts, 'two-formats.log', { type: 'text/plain' }));
      return dt;
    },
    { pidgin, amsn },
  );
  await app.root.dispatchEvent('drop', { dataTransfer });
  await app.waitForReady();
  const seen = await page.evaluate(() => (window as unknown as { seenProgress: Seen[] }).seenProgress);
  const firstAgain = seen.findIndex((s) => s.pass === 'again');
  expect(firstAgain, JSON.stringify(seen)).toBeGreaterThan(0);
  expect(seen.slice(0, firstAgain).every((s) => s.pass === 'first' && s.why === '' && s.verb.startsWith('Reading two-formats.log'))).toBe(true);
  // From the second read's start on, the screen says it is reading again, and why.
  for (const s of seen.slice(firstAgain)) {
    expect(s.pass).toBe('again');
    expect(s.verb).toContain('Reading again two-formats.log');
    expect(s.why).toContain('This file holds logs in two formats');
  }
  // The bar only goes back once, where the second read starts, and it starts from 0 there.
  const values = seen.map((s) => s.value);
  for (let k = 1; k < values.length; k++) {
    if (k === firstAgain) expect(values[k]).toBe(0);
    else expect(values[k] ?? 0, `step ${k}: ${JSON.stringify(seen)}`).toBeGreaterThanOrEqual(values[k - 1] ?? 0);
  }
  expect(seen.filter((s) => s.pass === 'again').length).toBeGreaterThan(2);
  // And the file was read as two formats.
  await expect(page.getByTestId('reading-notes')).toContainText('aMSN');
});
