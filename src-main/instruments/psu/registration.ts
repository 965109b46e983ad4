/** `sim-psu`: the simulated triple-output supply as a bench driver. */
import { defineDriver } from '../driverRegistration.js';
import { applySimSettings, simOptionsSchema } from '../sim/simOptions.js';
import { DEMO_BENCH, SimPowerSupply } from './SimPowerSupply.js';

export const simPsuRegistration = defineDriver({
  kind: 'power_supply',
  description: 'simulated triple-output bench supply (SIM-PSU3)',
  options: simOptionsSchema,
  async build(id, options, context) {
    const psu = new SimPowerSupply({ id, seed: options.seed ?? context.seed });
    await applySimSettings(psu, options);
    return psu;
  },
});

/** The default bench's supply (DEMO_BENCH) as bench options. */
export function demoPsuOptions(seed: number): Record<string, unknown> {
  const channels: Record<string, Record<string, number | boolean>> = {};
  for (const [channel, state] of Object.entries(DEMO_BENCH)) {
    channels[channel] = {
      ...(state.voltageSetV !== undefined && { voltage_set: state.voltageSetV }),
      ...(state.currentLimitA !== undefined && { current_set: state.currentLimitA }),
      ...(state.loadResistanceOhm !== undefined && { load_resistance: state.loadResistanceOhm }),
      ...(state.outputEnabled !== undefined && { output_enabled: state.outputEnabled }),
    };
  }
  return { seed, channels };
}
