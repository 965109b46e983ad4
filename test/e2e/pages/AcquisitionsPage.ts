/** Page object for the acquisitions panel and its export dialog. */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

export class AcquisitionsPage {
  constructor(readonly page: Page) {}

  testId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Fills the capture form and presses "Create & start"; returns the new acquisition's id. */
  async createAndStart(options: {
    source: string;
    channels: string[];
    rateHz: number;
    mode: string;
    durationS: string;
    name: string;
  }): Promise<string> {
    await this.testId('acq-source').selectOption(options.source);
    for (const channel of options.channels) await this.testId(`acq-channel-${channel}`).check();
    await this.testId('acq-rate').fill(String(options.rateHz));
    await this.testId('acq-mode').selectOption(options.mode);
    await this.testId('acq-duration').fill(options.durationS);
    await this.testId('acq-name').fill(options.name);
    await this.testId('acq-create-start').click();
    const row = this.page.locator('[data-testid^="acq-row-"]').filter({ hasText: options.name });
    await expect(row).toHaveCount(1);
    const testId = (await row.getAttribute('data-testid'))!;
    return testId.replace('acq-row-', '');
  }

  state(id: string): Locator {
    return this.testId(`acq-state-${id}`);
  }

  /** Exports capture `id` whole as CSV through the dialog and returns the downloaded file's text. */
  async exportCsv(id: string): Promise<string> {
    await this.testId(`acq-export-${id}`).click();
    await expect(this.testId('export-dialog')).toBeVisible();
    await this.testId('export-format-csv').check();
    await expect(this.testId('export-estimate')).toContainText('will be written');
    await this.testId('export-start-button').click();
    await expect(this.testId('export-done')).toBeVisible({ timeout: 15_000 });
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.testId('export-download').click(),
    ]);
    return readFileSync(await download.path(), 'utf8');
  }
}
