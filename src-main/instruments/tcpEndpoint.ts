/**
 * The `host` and `port` options of an instrument reached over TCP (SCPI over a raw socket, port 5025 by
 * convention), for drivers of real instruments to include in their options schema.
 */
import { z } from 'zod';

export const tcpEndpointSchema = z.strictObject({
  /** Host name or address of the instrument. */
  host: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'expected a host name or address'),
  port: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be a TCP port from 1 to 65535')
    .max(65_535, 'must be a TCP port from 1 to 65535'),
});

export type TcpEndpoint = z.infer<typeof tcpEndpointSchema>;
