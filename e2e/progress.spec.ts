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
  readonly stage: string | null;
  readonly doing: string;
  readonly value: number;
  readonly verb: string;
  readonly why: string;
}

test('a big file of two formats: the bar starts over for the second read and says why, then says it analyses, then the log opens', async ({ app }) => {
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
        stage: el.getAttribute('data-stage'),
        doing: el.querySelector('[data-testid="load-progress-doing"]')?.textContent ?? '',
        value: el.querySelector('progress')?.value ?? -1,
        verb: el.querySelector('[data-testid="load-progress-verb"]')?.textContent ?? '',
        why: el.querySelector('[data-testid="load-progress-why"]')?.textContent ?? '',
      };
      const last = seen.at(-1);
      if (!last || last.pass !== state.pass || last.stage !== state.stage || last.value !== state.value || last.why !== state.why) seen.push(state);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  // The Pidgin part of the fixture 1,400 times (about 48 MB, progress every megabyte), then its aMSN log once.
  const lines = MIXED.split('\n');
  const pidgin = `${lines.slice(0, 555).join('\n')}\n`;
  const amsn = lines.slice(555).join('\n');
  const dataTransfer = await page.evaluateHandle(
    ({ pidgin, amsn }) => {
      const parts: string[] = [];
      for (let k = 0; k < 1400; k++) parts.push(pidgin);
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
  expect(seen.slice(0, firstAgain).every((s) => s.stage === 'reading' && s.doing === '')).toBe(true);
  // From the second read's start on, the screen says it is reading again, and why, until analysis starts.
  const analysing = seen.findIndex((s) => s.stage === 'analysing');
  const reading = analysing < 0 ? seen.slice(firstAgain) : seen.slice(firstAgain, analysing);
  for (const s of reading) {
    expect(s.pass).toBe('again');
    expect(s.stage).toBe('reading');
    expect(s.verb).toContain('Reading again two-formats.log');
    expect(s.why).toContain('This file holds logs in two formats');
  }
  // After the second read, the full bar says the log is being analysed (and nothing more about the second read).
  expect(analysing, JSON.stringify(seen)).toBeGreaterThan(firstAgain);
  for (const s of seen.slice(analysing)) {
    expect(s.stage).toBe('analysing');
    expect(s.value).toBe(100);
    expect(s.verb).toContain('Analysing two-formats.log');
    expect(s.doing).toContain('Analysing: pairing each command with its replies and looking for problems');
    expect(s.why).toBe('');
  }
  // The bar only goes back once, where the second read starts, and it starts from 0 there.
  const values = seen.map((s) => s.value);
  for (let k = 1; k < values.length; k++) {
    if (k === firstAgain) expect(values[k]).toBe(0);
    else expect(values[k] ?? 0, `step ${k}: ${JSON.stringify(seen)}`).toBeGreaterThanOrEqual(values[k - 1] ?? 0);
  }
  // The bar moves during the second read: its start, then at least one step. How many steps depends on the
  // machine (the worker reports at most every 50 ms): a 24 MB file read again in ~0.2 s gave two states in all.
  const again = seen.filter((s) => s.pass === 'again' && s.stage === 'reading');
  expect(again.length, JSON.stringify(seen)).toBeGreaterThanOrEqual(2);
  expect(again.at(-1)?.value ?? 0).toBeGreaterThan(0);
  // And the file was read as two formats.
  await expect(page.getByTestId('reading-notes')).toContainText('aMSN');
});
