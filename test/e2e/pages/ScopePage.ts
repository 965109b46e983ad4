/** Page object for the oscilloscope panel. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ScopePage {
  constructor(readonly page: Page) {}

  testId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Turns math channel M`index` on as `fn` (add, subtract, multiply, divide, negate) of its sources. */
  async setMath(index: number, fn: string, sourceA: string, sourceB?: string): Promise<void> {
    await this.testId(`math-m${index}-function`).selectOption(fn);
    await this.testId(`math-m${index}-source-a`).selectOption(sourceA);
    if (sourceB !== undefined) await this.testId(`math-m${index}-source-b`).selectOption(sourceB);
  }

  /** Waits for the display to be live: both streams start by themselves when the dashboard opens. */
  async startDisplay(): Promise<void> {
    await expect(this.testId('scope-waveform-status')).toHaveText('running');
    await expect(this.testId('scope-measurements-status')).toHaveText('running');
  }

  /**
   * Starts only the waveform stream, at a fixed interval: for specs about the display's mouse handling,
   * which need records on screen but not 60 of them a second (a loaded machine draws those slowly).
   */
  async startWaveformEvery(intervalMs: number): Promise<void> {
    await expect(this.testId('scope-waveform-status')).toHaveText('running');
    await this.testId('scope-waveform-interval').selectOption(String(intervalMs));
    await expect(this.testId('scope-waveform-status')).toHaveText('running');
  }

  /**
   * Picks the timebase from the catalog's discrete values, or types it where the catalog gives only a
   * range (the control follows the parameter's `values`); resolves once the instrument's value shows it.
   */
  async setTimebase(secondsPerDiv: number): Promise<void> {
    const control = this.testId('scope-timebase');
    if ((await control.evaluate((el) => el.tagName)) === 'SELECT') {
      await control.selectOption(String(secondsPerDiv));
    } else {
      await control.fill(String(secondsPerDiv));
      await control.press('Enter');
    }
    await expect(control).toHaveValue(new RegExp(`^${String(secondsPerDiv).replace('.', '\\.')}0*$`));
  }

  async setTriggerLevel(volts: string): Promise<void> {
    const input = this.testId('scope-trigger-level');
    await input.fill(volts);
    await input.press('Enter');
  }

  /** A measurement's raw value, from the table cell's data attribute (undefined while absent). */
  async measurement(channel: string, key: string): Promise<number | undefined> {
    const raw = await this.testId(`scope-${channel}-${key}`).getAttribute('data-value');
    return raw === null || raw === '' ? undefined : Number(raw);
  }

  /** Clicks the display at a fraction of the plot width (0 left, 1 right); shift places cursor B. */
  async placeCursor(fraction: number, which: 'A' | 'B'): Promise<void> {
    const over = this.testId('scope-chart').locator('.u-over');
    const box = (await over.boundingBox())!;
    await over.click({
      position: { x: box.width * fraction, y: box.height * 0.2 },
      modifiers: which === 'B' ? ['Shift'] : [],
    });
  }

  /** The plot area (uPlot's overlay), where the mouse zooms, clicks and drags. */
  get display(): Locator {
    return this.testId('scope-chart').locator('.u-over');
  }

  /** Presses and releases the mouse at fractions of the plot's width and height, moving in between. */
  async dragDisplay(from: [number, number], to: [number, number]): Promise<void> {
    const box = (await this.display.boundingBox())!;
    const mouse = this.page.mouse;
    await mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
    await mouse.down();
    await mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 8 });
    await mouse.up();
  }

  /**
   * Drags the trigger marker by its handle (the tab at the plot's right edge, at the current level) to a
   * fraction of the plot's height.
   */
  async dragTriggerHandle(fromY: number, toY: number): Promise<void> {
    const box = (await this.display.boundingBox())!;
    const mouse = this.page.mouse;
    const x = box.x + box.width - 6;
    await mouse.move(x, box.y + box.height * fromY);
    await mouse.down();
    await mouse.move(x, box.y + box.height * toY, { steps: 8 });
    await mouse.up();
  }

  /** A readout value in volts, SI prefixes resolved (NaN when it shows none). */
  async readVolts(testId: string): Promise<number> {
    const text = (await this.testId(testId).textContent()) ?? '';
    const match = /(-?[\d.]+) (m|µ)?V$/.exec(text.trim());
    if (!match) return Number.NaN;
    const scale = match[2] === 'm' ? 1e-3 : match[2] === 'µ' ? 1e-6 : 1;
    return Number(match[1]) * scale;
  }

  /** The A/B readout's text (cursor times, Δt, ΔV). */
  async cursorText(): Promise<string> {
    return (await this.testId('scope-cursors').textContent()) ?? '';
  }

  /** ΔV between the cursors, V (parsed from the readout, SI prefixes resolved). */
  async cursorDeltaV(): Promise<number> {
    const text = (await this.testId('scope-cursor-dv').textContent()) ?? '';
    const match = /(-?[\d.]+) (m|µ)?V$/.exec(text.trim());
    if (!match) return Number.NaN;
    const scale = match[2] === 'm' ? 1e-3 : match[2] === 'µ' ? 1e-6 : 1;
    return Number(match[1]) * scale;
  }
}
