/** `rigol-dp800`: a Rigol DP800 supply over LAN (raw socket, port 5555 unless the bench says otherwise). */
import { z } from 'zod';
import { defineDriver } from '../driverRegistration.js';
import { scpiPacingSchema } from '../scpi/transport/index.js';
import { tcpEndpointSchema } from '../tcpEndpoint.js';
import { Dp800Driver } from './Dp800Driver.js';
import { DP800_MODELS, findDp800Model, SUPPORTED_MODELS } from './models.js';

const optionsSchema = tcpEndpointSchema.extend({
  port: tcpEndpointSchema.shape.port.default(5555),
  /** Timing overrides for this instrument (see scpi/transport/pacing.ts). */
  pacing: scpiPacingSchema.optional(),
});

export const rigolDp800Registration = defineDriver({
  kind: 'power_supply',
  description: `Rigol DP800 supply over LAN (${SUPPORTED_MODELS})`,
  scpi: {
    models: DP800_MODELS.map((m) => m.name),
    recognises: (identity) => /rigol/i.test(identity.vendor) && findDp800Model(identity.model) !== undefined,
  },
  options: optionsSchema,
  async build(id, options: z.output<typeof optionsSchema>) {
    const pacing = Object.fromEntries(
      Object.entries(options.pacing ?? {}).filter(([, v]) => v !== undefined),
    );
    return new Dp800Driver({ id, endpoint: { host: options.host, port: options.port }, pacing });
  },
});
