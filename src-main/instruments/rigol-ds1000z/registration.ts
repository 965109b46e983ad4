/**
 * `rigol-ds1000z`: a Rigol DS1000Z scope on the LAN (raw socket, Rigol's port 5555 unless the bench says
 * otherwise). Options: `host`, `port`, and `pacing` overrides of the link's timing.
 */
import { z } from 'zod';
import { defineDriver } from '../driverRegistration.js';
import { resolvePacing, ScpiLink, scpiPacingSchema, withLinkStats } from '../scpi/transport/index.js';
import type { ScpiPacing } from '../scpi/transport/index.js';
import { tcpEndpointSchema } from '../tcpEndpoint.js';
import { DS1000Z_MODELS, findDs1000zModel } from './ds1000zModels.js';
import { RigolDs1000z } from './RigolDs1000z.js';

/**
 * The DS1000Z's link timing. A 250,000-point window takes about 0.15 s at the link's 1.7 MB/s: the
 * reply timeout leaves room for a loaded instrument. The lost-reply quirk users report is not in the
 * guide; `writeToQueryDelayMs` in the bench's pacing works around it where a unit shows it.
 */
export const DS1000Z_PACING: Partial<ScpiPacing> = { timeoutMs: 3_000 };

const optionsSchema = z.strictObject({
  host: tcpEndpointSchema.shape.host,
  port: tcpEndpointSchema.shape.port.default(5555),
  pacing: scpiPacingSchema.optional(),
});

export const rigolDs1000zRegistration = defineDriver({
  kind: 'oscilloscope',
  description: 'Rigol DS1000Z oscilloscope over LAN (DS1054Z, DS1104Z…; SCPI raw socket, port 5555)',
  scpi: {
    models: DS1000Z_MODELS.map((m) => m.name),
    recognises: (identity) =>
      /rigol/i.test(identity.vendor) && findDs1000zModel(identity.model) !== undefined,
  },
  options: optionsSchema,
  async build(id, options) {
    const pacing = resolvePacing(DS1000Z_PACING, options.pacing);
    const link = new ScpiLink({ host: options.host, port: options.port }, pacing);
    return withLinkStats(new RigolDs1000z({ id, openPort: (signal) => link.open(signal) }), link);
  },
});
