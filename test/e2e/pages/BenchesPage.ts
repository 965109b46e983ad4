/** The bench bar and the overview of benches, keyed on their data-testids. */
import { expect, type Locator, type Page } from '@playwright/test';

export class BenchesPage {
  constructor(readonly page: Page) {}

  async openOverview(): Promise<void> {
    await this.page.getByTestId('bench-tab-overview').click();
    await expect(this.page.getByTestId('overview')).toBeVisible();
  }

  /** Waits until the trace thumbnail (canvas) with `testId` has lit pixels: its card drew traces. */
  async tracesDrawn(testId: string): Promise<void> {
    await this.page.waitForFunction(
      (id) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"]`);
        const pixels = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        return pixels !== undefined && pixels.some((value, i) => i % 4 === 3 && value > 0);
      },
      testId,
      { timeout: 30_000 },
    );
  }

  /** Fills the add-bench form (opening it if closed) and submits. */
  async add(url: string, options: { token?: string; label?: string } = {}): Promise<void> {
    const form = this.page.getByTestId('add-bench-form');
    if (!(await form.isVisible())) await this.page.getByTestId('add-bench-toggle').click();
    await this.page.getByTestId('add-bench-url').fill(url);
    await this.page.getByTestId('add-bench-token').fill(options.token ?? '');
    await this.page.getByTestId('add-bench-label').fill(options.label ?? '');
    await this.page.getByTestId('add-bench-submit').click();
  }

  get addError(): Locator {
    return this.page.getByTestId('add-bench-error');
  }

  /** The card of a bench added by URL, by its `host:port`. */
  card(host: string): Locator {
    return this.page.getByTestId(`bench-card-direct:${host}`);
  }

  cardPart(host: string, part: string): Locator {
    return this.page.getByTestId(`bench-card-direct:${host}-${part}`);
  }

  tab(host: string): Locator {
    return this.page.getByTestId(`bench-tab-direct:${host}`);
  }
}
