/**
 * The `host` and `port` options of an instrument reached over TCP (SCPI over a raw socket, port 5025 by
 * convention), for drivers of real instruments to include in their options schema.
 */
import { z } from 'zod';
import { instrumentHostSchema, instrumentPortSchema } from '../../shared/protocol/index.js';

export const tcpEndpointSchema = z.strictObject({
  /** Host name or address of the instrument. */
  host: instrumentHostSchema,
  port: instrumentPortSchema,
});

export type TcpEndpoint = z.infer<typeof tcpEndpointSchema>;
