/** The power-supply profile: a programmable DC source with one or more outputs. */
import type { InstrumentProfileDefinition } from './types.js';

export const POWER_SUPPLY_PROFILE = {
  id: 'power_supply',
  streams: ['readings'],
  parameters: [
    {
      name: 'voltage_set',
      type: 'number',
      unit: 'V',
      scope: 'channel',
      required: true,
      meaning: 'voltage setpoint (CV level)',
    },
    {
      name: 'current_set',
      type: 'number',
      unit: 'A',
      scope: 'channel',
      required: true,
      meaning: 'current limit (CC level)',
    },
    {
      name: 'output_enabled',
      type: 'boolean',
      scope: 'channel',
      required: true,
      meaning: 'output on; only ever switched on by a person',
    },
    {
      name: 'ovp_level',
      type: 'number',
      unit: 'V',
      scope: 'channel',
      required: false,
      meaning: 'over-voltage protection threshold',
    },
    {
      name: 'ovp_enabled',
      type: 'boolean',
      scope: 'channel',
      required: false,
      meaning: 'over-voltage protection armed (instruments where it can be disabled)',
    },
    {
      name: 'ocp_level',
      type: 'number',
      unit: 'A',
      scope: 'channel',
      required: false,
      meaning: 'over-current protection threshold',
    },
    {
      name: 'ocp_enabled',
      type: 'boolean',
      scope: 'channel',
      required: false,
      meaning: 'over-current protection armed',
    },
    {
      name: 'clear_protection',
      type: 'boolean',
      scope: 'channel',
      required: false,
      meaning: 'write true to clear a protection trip (the output stays off)',
    },
    {
      name: 'tracking_mode',
      type: 'enum',
      scope: 'instrument',
      required: false,
      meaning:
        'independent, series, parallel or track, where the instrument couples two outputs (the catalog names them in coupled_channels)',
    },
  ],
} as const satisfies InstrumentProfileDefinition;
