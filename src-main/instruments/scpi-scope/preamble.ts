/**
 * The 10-field waveform preamble that Rigol DS1000Z and Keysight InfiniiVision scopes both answer to
 * `:WAV:PRE?` (format, type, points, count, xincrement, xorigin, xreference, yincrement, yorigin,
 * yreference), and the conversion of block data with it. The two vendors read the same fields differently:
 *
 * - Rigol: volts = (code − yorigin − yreference) × yincrement
 * - Keysight: volts = (code − yreference) × yincrement + yorigin
 *
 * and a sample's time is (i − xreference) × xincrement + xorigin for both.
 */
import { z } from 'zod';
import { DriverError } from '../InstrumentDriver.js';

export interface WaveformPreamble {
  /** Vendor's format code (Rigol: 0 WORD, 1 BYTE, 2 ASC; Keysight: 0 BYTE, 1 WORD, 4 ASCII). */
  format: number;
  /** Vendor's acquisition/read type code (Rigol: 0 NORM, 1 MAX, 2 RAW; Keysight: 0 NORMal …). */
  type: number;
  points: number;
  count: number;
  xIncrementS: number;
  xOriginS: number;
  xReference: number;
  yIncrementV: number;
  yOrigin: number;
  yReference: number;
}

export type PreambleConvention = 'rigol' | 'keysight';

const finite = z.coerce.number().refine(Number.isFinite, 'not a finite number');
const preambleSchema = z.tuple([
  z.coerce.number().int(),
  z.coerce.number().int(),
  z.coerce.number().int().nonnegative(),
  z.coerce.number().int(),
  finite.refine((v) => v > 0, 'x increment must be positive'),
  finite,
  finite,
  finite.refine((v) => v > 0, 'y increment must be positive'),
  finite,
  finite,
]);

/**
 * Parses a `:WAV:PRE?` reply; DriverError('protocol') naming what is wrong when it is not one. A scope is
 * read several times a second per channel, so a well-formed reply is checked by hand (the same coercion
 * and rules as the schema, no stricter and no looser); anything else goes through the schema, which
 * names the field at fault.
 */
export function parsePreamble(reply: string): WaveformPreamble {
  const fields = reply.trim().split(',');
  if (fields.length === 10) {
    const v = fields.map((f) => Number(f.trim()));
    if (isWellFormed(v)) return toPreamble(v as PreambleTuple);
  }
  const parsed = preambleSchema.safeParse(fields.map((f) => f.trim()));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `field ${Number(issue.path[0]) + 1}` : 'field count';
    throw new DriverError(
      `waveform preamble "${reply.slice(0, 120)}" is not 10 numbers (${where}: ${issue.message})`,
      'protocol',
    );
  }
  return toPreamble(parsed.data);
}

type PreambleTuple = z.infer<typeof preambleSchema>;

/** What `preambleSchema` accepts, for fields already coerced with `Number` (as `z.coerce.number` does). */
function isWellFormed(v: readonly number[]): boolean {
  return (
    Number.isInteger(v[0]) &&
    Number.isInteger(v[1]) &&
    Number.isInteger(v[2]) &&
    v[2]! >= 0 &&
    Number.isInteger(v[3]) &&
    Number.isFinite(v[4]) &&
    v[4]! > 0 &&
    Number.isFinite(v[5]) &&
    Number.isFinite(v[6]) &&
    Number.isFinite(v[7]) &&
    v[7]! > 0 &&
    Number.isFinite(v[8]) &&
    Number.isFinite(v[9])
  );
}

function toPreamble([
  format,
  type,
  points,
  count,
  xIncrementS,
  xOriginS,
  xReference,
  yIncrementV,
  yOrigin,
  yReference,
]: PreambleTuple): WaveformPreamble {
  return { format, type, points, count, xIncrementS, xOriginS, xReference, yIncrementV, yOrigin, yReference };
}

/** Converts unsigned byte codes to volts with the preamble, in the vendor's convention. */
export function decodeBytes(
  bytes: Uint8Array,
  preamble: WaveformPreamble,
  convention: PreambleConvention,
  out: Float32Array = new Float32Array(bytes.length),
  at = 0,
): Float32Array {
  const { yIncrementV: inc, yOrigin, yReference } = preamble;
  if (convention === 'rigol') {
    const zero = yOrigin + yReference;
    for (let i = 0; i < bytes.length; i++) out[at + i] = (bytes[i]! - zero) * inc;
  } else {
    for (let i = 0; i < bytes.length; i++) out[at + i] = (bytes[i]! - yReference) * inc + yOrigin;
  }
  return out;
}

/** Converts 16-bit words (`msbFirst` byte order, signed or not) to volts, Keysight's convention. */
export function decodeWords(
  bytes: Uint8Array,
  preamble: WaveformPreamble,
  options: { msbFirst: boolean; signed: boolean },
): Float32Array {
  if (bytes.length % 2 !== 0) {
    throw new DriverError(`WORD waveform data of odd length ${bytes.length}`, 'protocol');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) {
    const code = options.signed
      ? view.getInt16(2 * i, !options.msbFirst)
      : view.getUint16(2 * i, !options.msbFirst);
    out[i] = (code - preamble.yReference) * preamble.yIncrementV + preamble.yOrigin;
  }
  return out;
}
