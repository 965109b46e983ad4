/**
 * A profile says what an instrument class means on the wire: which parameters it has, in which unit, and
 * what each one does. Drivers that follow a profile publish these names (plus any of their own), so the
 * renderer can build one panel for every power supply and one for every oscilloscope, real or simulated.
 */
import type { ParameterType, StreamType } from '../protocol/catalog.js';

export interface ProfileParameter {
  name: string;
  type: ParameterType;
  /** SI unit (or `V/div`, `s/div`, `points`) of a number. */
  unit?: string;
  /** Set per channel (the catalog lists it once per channel, with `channel`) or instrument-wide. */
  scope: 'channel' | 'instrument';
  /** False when an instrument of this class may lack it (e.g. OCP enable on a supply without it). */
  required: boolean;
  /** What it means, for people and for driver authors. */
  meaning: string;
}

export interface InstrumentProfileDefinition {
  /** `power_supply` or `oscilloscope`: the catalog's `profile`. */
  id: string;
  streams: readonly StreamType[];
  parameters: readonly ProfileParameter[];
}
