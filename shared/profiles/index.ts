/** The instrument profiles the renderer knows how to show. See types.ts. */
import { OSCILLOSCOPE_PROFILE } from './oscilloscope.js';
import { POWER_SUPPLY_PROFILE } from './powerSupply.js';
import type { InstrumentProfileDefinition } from './types.js';

export type { InstrumentProfileDefinition, ProfileParameter } from './types.js';
export { type CouplingMode, isPaired, pairedRangeFactor } from './coupling.js';
export { OSCILLOSCOPE_PROFILE, POWER_SUPPLY_PROFILE };

export const PROFILES: Readonly<Record<string, InstrumentProfileDefinition>> = {
  power_supply: POWER_SUPPLY_PROFILE,
  oscilloscope: OSCILLOSCOPE_PROFILE,
};
