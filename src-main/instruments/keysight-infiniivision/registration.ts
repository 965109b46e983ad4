/**
 * `keysight-infiniivision`: a Keysight InfiniiVision X scope on the LAN (raw socket, port 5025 unless the
 * bench says otherwise). Options: `host`, `port`, and `pacing` overrides of the link's timing.
 */
import { z } from 'zod';
import { defineDriver } from '../driverRegistration.js';
import { resolvePacing, ScpiLink, scpiPacingSchema, withLinkStats } from '../scpi/transport/index.js';
import { tcpEndpointSchema } from '../tcpEndpoint.js';
import { findInfiniiVisionModel, INFINIIVISION_MODELS } from './infiniivisionModels.js';
import { KeysightInfiniiVision } from './KeysightInfiniiVision.js';

const optionsSchema = z.strictObject({
  host: tcpEndpointSchema.shape.host,
  port: tcpEndpointSchema.shape.port.default(5025),
  pacing: scpiPacingSchema.optional(),
});

export const keysightInfiniiVisionRegistration = defineDriver({
  kind: 'oscilloscope',
  description: 'Keysight InfiniiVision X oscilloscope over LAN (DSO-X 1204G, 2024A, 3034T…; port 5025)',
  scpi: {
    models: INFINIIVISION_MODELS.map((m) => m.name),
    recognises: (identity) =>
      /keysight|agilent/i.test(identity.vendor) && findInfiniiVisionModel(identity.model) !== undefined,
  },
  options: optionsSchema,
  async build(id, options) {
    const pacing = resolvePacing({}, options.pacing);
    const link = new ScpiLink({ host: options.host, port: options.port }, pacing);
    return withLinkStats(new KeysightInfiniiVision({ id, openPort: (signal) => link.open(signal) }), link);
  },
});
