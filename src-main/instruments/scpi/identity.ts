/**
 * The one reading of an IEEE 488.2 `*IDN?` reply: `<vendor>,<model>,<serial>,<firmware>`; anything after the
 * fourth comma stays with the firmware (Siglent adds the hardware version). Each caller words its own refusal.
 */
import type { Identity } from '../InstrumentDriver.js';

/** The identity in `reply`, or undefined when it has fewer than four fields or no vendor or model. */
export function splitIdentity(reply: string): Identity | undefined {
  const fields = reply
    .trim()
    .split(',')
    .map((f) => f.trim());
  if (fields.length < 4) return undefined;
  const [vendor, model, serial, ...firmware] = fields as [string, string, string, ...string[]];
  if (vendor === '' || model === '') return undefined;
  return { vendor, model, serial, firmware: firmware.join(',') };
}
