/** Page object for the dashboard, keyed on data-testid so specs read as user journeys. */
import { expect, type Locator, type Page } from '@playwright/test';

export class DashboardPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.connectionState).toHaveAttribute('data-state', 'open');
  }

  get connectionState(): Locator {
    return this.page.getByTestId('connection-state');
  }

  /** The banner shown while the backend is out of reach (what is wrong and what to do). */
  get connectionBanner(): Locator {
    return this.page.getByTestId('connection-banner');
  }

  /**
   * The status bar's count of frames that came for a stream this dashboard had stopped or never started;
   * shown only once there are any (the backend sends none).
   */
  get strayStreamFrames(): Locator {
    return this.page.getByTestId('stray-stream-frames');
  }

  /** Rows of the events log with this `kind`. */
  eventRows(kind: string): Locator {
    return this.page.locator(`[data-testid="event-row"][data-kind="${kind}"]`);
  }

  instrument(id: string): Locator {
    return this.page.getByTestId(`instrument-${id}`);
  }

  /** Waits for the readings to run: they start by themselves when the dashboard opens. */
  async psuLive(): Promise<void> {
    await expect(this.psuStatus).toHaveText('running');
  }

  get psuStart(): Locator {
    return this.page.getByTestId('psu-readings-start');
  }

  get psuStop(): Locator {
    return this.page.getByTestId('psu-readings-stop');
  }

  get psuStatus(): Locator {
    return this.page.getByTestId('psu-readings-status');
  }

  psuChart(channel: number): Locator {
    return this.page.getByTestId(`psu-chart-ch${channel}`);
  }

  psuVoltage(channel: number): Locator {
    return this.page.getByTestId(`psu-ch${channel}-voltage`);
  }

  psuSetting(channel: number, which: 'voltage-set' | 'current-set'): Locator {
    return this.page.getByTestId(`psu-ch${channel}-${which}`);
  }

  psuOutput(channel: number): Locator {
    return this.page.getByTestId(`psu-ch${channel}-output`);
  }

  /** The card-wide "protection tripped" banner of a channel, with its clear button. */
  psuTrip(channel: number): Locator {
    return this.page.getByTestId(`psu-ch${channel}-trip`);
  }

  /** A channel's card (its `data-protection` says armed, tripped_ovp, tripped_ocp, off or none). */
  psuCard(channel: number): Locator {
    return this.page.getByTestId(`psu-ch${channel}`);
  }

  /** The protection state in words on a channel's card. */
  psuProtectionState(channel: number): Locator {
    return this.page.getByTestId(`psu-ch${channel}-protection-state`);
  }

  psuProtectionSetting(channel: number, which: 'ovp-level' | 'ocp-level'): Locator {
    return this.page.getByTestId(`psu-ch${channel}-${which}`);
  }

  /** The coupling (independent/series/parallel/track) selector of a supply that offers it. */
  psuCoupling(equipmentId: string): Locator {
    return this.page.getByTestId(`${equipmentId}-coupling`);
  }

  psuClearTrip(channel: number): Locator {
    return this.page.getByTestId(`psu-ch${channel}-clear-trip`);
  }

  psuMode(channel: number): Locator {
    return this.page.getByTestId(`psu-ch${channel}-mode`);
  }

  psuCurrent(channel: number): Locator {
    return this.page.getByTestId(`psu-ch${channel}-current`);
  }

  /** Types a setpoint and confirms it with Enter, as a user would. */
  async enterSetting(channel: number, which: 'voltage-set' | 'current-set', value: string): Promise<void> {
    const input = this.psuSetting(channel, which);
    await input.fill(value);
    await input.press('Enter');
  }

  /** Points the chart currently holds (set by the chart on every draw). */
  async chartPoints(channel: number): Promise<number> {
    return Number(await this.psuChart(channel).getAttribute('data-points'));
  }

  /** Breaks (null rows) the chart draws where data was missing. */
  async chartGaps(channel: number): Promise<number> {
    return Number((await this.psuChart(channel).getAttribute('data-gaps')) ?? 0);
  }

  /** Draws the chart has made since it was created. */
  async chartDraws(channel: number): Promise<number> {
    return Number((await this.psuChart(channel).getAttribute('data-draws')) ?? 0);
  }
}
