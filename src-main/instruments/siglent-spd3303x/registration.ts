/** `siglent-spd3303x`: an SPD3303X or SPD3303X-E on the LAN (SCPI over a raw socket, port 5025). */
import { z } from 'zod';
import { defineDriver } from '../driverRegistration.js';
import {
  resolvePacing,
  ScpiLink,
  scpiPacingSchema,
  withLinkStats,
  type ScpiPacing,
  type ScpiPacingOverrides,
} from '../scpi/transport/index.js';
import { tcpEndpointSchema } from '../tcpEndpoint.js';
import { SiglentSpd3303x } from './SiglentSpd3303x.js';
import { findSpd3303xModel, SPD3303X_MODEL_NAMES, SPD3303X_PACING } from './spd3303xModels.js';

const optionsSchema = tcpEndpointSchema.extend({
  port: tcpEndpointSchema.shape.port.default(5025),
  /** The model to show until the instrument answers; `*IDN?` decides once it does. */
  model: z.enum(['SPD3303X', 'SPD3303X-E']).optional(),
  /** Link timing overrides on top of the SPD3303X's own (20 ms between commands, no *OPC?). */
  pacing: scpiPacingSchema.optional(),
});

/** The SPD3303X's pacing (SPD3303X_PACING) with a bench file's overrides on top. */
export function spd3303xPacing(overrides?: ScpiPacingOverrides): ScpiPacing {
  return resolvePacing(SPD3303X_PACING, overrides);
}

export const siglentSpd3303xRegistration = defineDriver({
  kind: 'power_supply',
  description: 'Siglent SPD3303X / SPD3303X-E dual-output supply (SCPI, port 5025)',
  scpi: {
    models: SPD3303X_MODEL_NAMES,
    recognises: (identity) =>
      /siglent/i.test(identity.vendor) && findSpd3303xModel(identity.model) !== undefined,
  },
  options: optionsSchema,
  async build(id, options) {
    const pacing = spd3303xPacing(options.pacing);
    const endpoint = { host: options.host, port: options.port };
    const link = new ScpiLink(endpoint, pacing);
    return withLinkStats(
      new SiglentSpd3303x({ id, expectedModel: options.model, openPort: (signal) => link.open(signal) }),
      link,
    );
  },
});
