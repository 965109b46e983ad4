/**
 * A simulator's bench options: its seed and the settings to start from, in the shape `get_parameters`
 * reports them — `global` for instrument-wide parameters, `channels` by channel number — with the
 * catalog's parameter names. Each setting is applied through the simulator's own `setParameter`, so a bench
 * file is checked against exactly the ranges and choices the catalog publishes.
 */
import { z } from 'zod';
import { DriverOptionError } from '../driverRegistration.js';
import { DriverError, type InstrumentDriver } from '../InstrumentDriver.js';

const settingValue = z.union([z.number(), z.boolean(), z.string().max(64)]);
const settings = z.record(z.string().min(1).max(64), settingValue);

export const simOptionsSchema = z.strictObject({
  /** Seeds the simulator's noise; default: the backend's seed. */
  seed: z.number().int().optional(),
  global: settings.optional(),
  channels: z.record(z.string().regex(/^[1-9][0-9]?$/, 'expected a channel number'), settings).optional(),
});

export type SimOptions = z.infer<typeof simOptionsSchema>;

/** Applies the options' settings in file order; rejects DriverOptionError naming the setting refused. */
export async function applySimSettings(driver: InstrumentDriver, options: SimOptions): Promise<void> {
  const apply = async (
    path: PropertyKey[],
    name: string,
    value: z.infer<typeof settingValue>,
    channel?: number,
  ) => {
    try {
      await driver.setParameter(name, value, channel);
    } catch (err) {
      if (err instanceof DriverError) throw new DriverOptionError(path, err.message);
      throw err;
    }
  };
  for (const [name, value] of Object.entries(options.global ?? {}))
    await apply(['global', name], name, value);
  for (const [channel, channelSettings] of Object.entries(options.channels ?? {})) {
    for (const [name, value] of Object.entries(channelSettings)) {
      await apply(['channels', channel, name], name, value, Number(channel));
    }
  }
}
