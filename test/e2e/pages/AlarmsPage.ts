/** The Alarms panel and the header's raised alarms, keyed on their data-testids. */
import type { Locator, Page } from '@playwright/test';

export class AlarmsPage {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('alarms-panel');
  }

  get empty(): Locator {
    return this.page.getByTestId('alarms-empty');
  }

  field(name: string): Locator {
    return this.page.getByTestId(`alarm-${name}`);
  }

  get define(): Locator {
    return this.page.getByTestId('alarm-define');
  }

  get formError(): Locator {
    return this.page.getByTestId('alarm-form-error');
  }

  row(name: string): Locator {
    return this.page.getByTestId(`alarm-row-${name}`);
  }

  /** The header's chip of a raised alarm. */
  active(name: string): Locator {
    return this.page.getByTestId(`active-alarm-${name}`);
  }

  activeAck(name: string): Locator {
    return this.active(name).getByTestId('active-alarm-ack');
  }
}
