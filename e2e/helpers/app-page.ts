/**
 * Page object for the analyzer's e2e specs (after Perfetto's helper): load a log by a real drop event or through
 * the hidden file input, wait until the app root says `data-state="ready"`, and read the counts it shows.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

/** Shared real logs live beside the repo (`../shared/corpus/real/`), in CI too; nothing is copied in. */
export const REAL_LOG_DIR = resolve(process.cwd(), '../shared/corpus/real');
export const SAMPLE_DIR = resolve(process.cwd(), 'public/samples');

export interface LogSource {
  readonly name: string;
  readonly bytes: Buffer;
}

export function readLog(path: string): LogSource {
  return { name: basename(path), bytes: readFileSync(path) };
}

export function textLog(name: string, text: string): LogSource {
  return { name, bytes: Buffer.from(text, 'utf8') };
}

export class AppPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('app-root');
  }

  async open(hash = ''): Promise<void> {
    await this.page.goto(`/${hash}`);
    await expect(this.root).toHaveAttribute('data-state', /.+/);
  }

  /** Drops a file on the window with a synthetic DataTransfer drop event, as a user's drag and drop does. */
  async dropLog(log: LogSource): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ({ name, b64 }) => {
        const bin = atob(b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name, { type: 'text/plain' }));
        return dt;
      },
      { name: log.name, b64: log.bytes.toString('base64') },
    );
    await this.root.dispatchEvent('dragenter', { dataTransfer });
    await this.root.dispatchEvent('dragover', { dataTransfer });
    await this.root.dispatchEvent('drop', { dataTransfer });
  }

  /**
   * Drops a large synthetic transcript built inside the page (so tens of MB never cross the test protocol):
   * `messages` command/reply pairs of a CAL that is refused with 217.
   */
  async dropGenerated(name: string, messages: number): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ({ name, messages }) => {
        const parts: string[] = [];
        for (let i = 1; i <= messages; i++) {
          parts.push(`>>> CAL ${i} someone${i % 97}@example.invalid\n<<< 217 ${i}\n`);
        }
        const dt = new DataTransfer();
        dt.items.add(new File(parts, name, { type: 'text/plain' }));
        return dt;
      },
      { name, messages },
    );
    await this.root.dispatchEvent('drop', { dataTransfer });
  }

  /** Loads a file through the hidden `<input type=file>`, as the "Open file" button does. */
  async pickLog(log: LogSource): Promise<void> {
    await this.page.getByTestId('file-input').setInputFiles({
      name: log.name,
      mimeType: 'text/plain',
      buffer: log.bytes,
    });
  }

  async waitForReady(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  }

  /** The "N of M messages" line above the table. */
  resultCount(): Locator {
    return this.page.getByTestId('result-count');
  }

  async counts(): Promise<{ shown: number; total: number }> {
    const shown = Number(await this.resultCount().getAttribute('data-shown'));
    const total = Number(await this.resultCount().getAttribute('data-total'));
    return { shown, total };
  }

  rows(): Locator {
    return this.page.locator('[data-testid="timeline"] tbody tr[data-event-id], [data-testid="timeline"] tbody tr[data-line]');
  }

  rowByEvent(id: number): Locator {
    return this.page.locator(`[data-testid="timeline"] tbody tr[data-event-id="${id}"]`);
  }

  table(): Locator {
    return this.page.getByTestId('timeline');
  }

  queryBox(): Locator {
    return this.page.getByTestId('query-input');
  }

  detail(): Locator {
    return this.page.getByTestId('detail-pane');
  }

  chip(errorClass: string): Locator {
    return this.page.getByTestId(`chip-${errorClass}`);
  }
}
