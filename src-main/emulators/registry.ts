/** The emulators `npm run emulate` and the tests can start: one line each. */
import type { EmulatorDefinition } from './core/types.js';
import { dp832Emulator } from './dp832/index.js';

export const EMULATORS: Readonly<Record<string, EmulatorDefinition>> = {
  dp832: dp832Emulator,
};
