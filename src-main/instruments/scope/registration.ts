/** `sim-scope`: the simulated four-channel oscilloscope as a bench driver. */
import { defineDriver } from '../driverRegistration.js';
import { applySimSettings, simOptionsSchema } from '../sim/simOptions.js';
import { SimOscilloscope } from './SimOscilloscope.js';

export const simScopeRegistration = defineDriver({
  kind: 'oscilloscope',
  description: 'simulated four-channel oscilloscope (SIM-SCOPE4)',
  options: simOptionsSchema,
  async build(id, options, context) {
    const scope = new SimOscilloscope({ id, seed: options.seed ?? context.seed });
    await applySimSettings(scope, options);
    return scope;
  },
});

/** The default bench's oscilloscope (its demo settings are the simulator's own defaults). */
export function demoScopeOptions(seed: number): Record<string, unknown> {
  return { seed };
}
