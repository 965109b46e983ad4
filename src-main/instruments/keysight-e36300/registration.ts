/** `keysight-e36300`: an E36311A, E36312A or E36313A on the LAN (SCPI over a raw socket, port 5025). */
import { z } from 'zod';
import { defineDriver } from '../driverRegistration.js';
import { resolvePacing, ScpiLink, scpiPacingSchema, withLinkStats } from '../scpi/transport/index.js';
import { tcpEndpointSchema } from '../tcpEndpoint.js';
import { E36300_MODEL_NAMES, findE36300Model } from './e36300Models.js';
import { KeysightE36300 } from './KeysightE36300.js';

const optionsSchema = tcpEndpointSchema.extend({
  port: tcpEndpointSchema.shape.port.default(5025),
  /** The model to show until the instrument answers; `*IDN?` decides once it does. */
  model: z.enum(['E36311A', 'E36312A', 'E36313A']).optional(),
  /** Link timing overrides (the defaults suit the E36300: no gaps needed, *OPC? answered). */
  pacing: scpiPacingSchema.optional(),
});

export const keysightE36300Registration = defineDriver({
  kind: 'power_supply',
  description: 'Keysight E36311A / E36312A / E36313A triple-output supply (SCPI, port 5025)',
  scpi: {
    models: E36300_MODEL_NAMES,
    recognises: (identity) =>
      /keysight|agilent/i.test(identity.vendor) && findE36300Model(identity.model) !== undefined,
  },
  options: optionsSchema,
  async build(id, options) {
    const pacing = resolvePacing({}, options.pacing);
    const endpoint = { host: options.host, port: options.port };
    const link = new ScpiLink(endpoint, pacing);
    return withLinkStats(
      new KeysightE36300({ id, expectedModel: options.model, openPort: (signal) => link.open(signal) }),
      link,
    );
  },
});
