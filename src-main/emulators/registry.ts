/** The emulators `npm run emulate` and the tests can start: one line each. */
import type { EmulatorDefinition } from './core/types.js';
import { dp832Emulator } from './dp832/index.js';
import { e36313aEmulator } from './e36300/index.js';
import { spd3303xEmulator } from './spd3303x/index.js';

import { ds1054zEmulator } from './ds1054z/index.js';
import { dsox1204gEmulator } from './dsox1204g/index.js';

export const EMULATORS: Readonly<Record<string, EmulatorDefinition>> = {
  dp832: dp832Emulator,
  e36313a: e36313aEmulator,
  spd3303x: spd3303xEmulator,
  ds1054z: ds1054zEmulator,
  dsox1204g: dsox1204gEmulator,
};
