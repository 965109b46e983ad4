/**
 * NPZ export: what numpy.savez would write, streamed — an uncompressed zip holding `time_s.npy` (float64)
 * and one float32 `.npy` per channel, each written in one pass over the range (the zip is sequential, so a
 * channel's array cannot be interleaved with another's), then `metadata.json`: the provenance, so that the
 * archive carries it wherever it goes (a browser download has no sidecar). numpy.load returns a member
 * that is not an array as its bytes: `json.loads(np.load(path)['metadata.json'])`. CRC-32 is computed on the way out and lands in
 * each entry's data descriptor. `numpy.load(path)` opens it without allow_pickle.
 */
import { crc32 } from 'node:zlib';
import type { JsonObject } from '../../acquisition/index.js';
import {
  chunkSamplesFor,
  deinterleave,
  type ExportPlan,
  fillTimes,
  FRAME_CHUNK_BYTES,
  frameChunks,
  type StreamWriterContext,
} from '../common/index.js';
import { npyFileBytes, npyHeader, type NpyDtype } from './npyFormat.js';
import {
  centralDirectory,
  dataDescriptor,
  dosDateTime,
  entryNeedsZip64,
  localHeader,
  zipArchiveBytes,
  type ZipEntry,
} from './zipFormat.js';

interface NpzMember {
  /** Name inside the archive, `.npy` included; numpy.load's key is the name without it. */
  name: string;
  dtype: NpyDtype;
  /** Index within a stored frame; undefined for the time column. */
  frameIndex: number | undefined;
}

/**
 * Archive member names: `time_s.npy`, then each channel's name with anything but letters, digits, `_`,
 * `-` and `.` replaced by `_` (numpy.load keys are these without `.npy`), made unique.
 */
export function npzMembers(plan: ExportPlan): NpzMember[] {
  const used = new Set(['time_s']);
  const members: NpzMember[] = [{ name: 'time_s.npy', dtype: '<f8', frameIndex: undefined }];
  for (const channel of plan.channels) {
    const base = channel.name.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_') || 'channel';
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
    used.add(key);
    members.push({ name: `${key}.npy`, dtype: '<f4', frameIndex: channel.frameIndex });
  }
  return members;
}

/** Name of the provenance member; no channel's member can have it (theirs end in `.npy`). */
export const NPZ_METADATA_MEMBER = 'metadata.json';

/** The provenance member's content: the provenance block as JSON, UTF-8. */
export function npzMetadata(provenance: JsonObject): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(provenance, null, 1)}\n`);
}

/**
 * Exact size of the archive for `plan` with a metadata member of `metadataBytes` (`forceZip64` only for
 * tests).
 */
export function npzBytes(plan: ExportPlan, metadataBytes: number, forceZip64 = false): number {
  const files = npzMembers(plan).map((m) => ({
    name: m.name,
    sizeBytes: npyFileBytes(m.dtype, [plan.sampleCount]),
  }));
  files.push({ name: NPZ_METADATA_MEMBER, sizeBytes: metadataBytes });
  return zipArchiveBytes(files, forceZip64);
}

export async function writeNpz(ctx: StreamWriterContext, forceZip64 = false): Promise<void> {
  const { plan, file } = ctx;
  const stamp = dosDateTime(new Date());
  const metadata = npzMetadata(ctx.provenance);
  const totalBytes = npzBytes(plan, metadata.byteLength, forceZip64);
  const entries: ZipEntry[] = [];
  let offset = 0;
  const put = async (bytes: Uint8Array): Promise<void> => {
    offset += bytes.byteLength;
    await file.write(bytes);
    ctx.progress(offset / totalBytes);
  };
  for (const member of npzMembers(plan)) {
    const sizeBytes = npyFileBytes(member.dtype, [plan.sampleCount]);
    const zip64 = entryNeedsZip64(sizeBytes, forceZip64);
    const entry: ZipEntry = { name: member.name, sizeBytes, crc32: 0, offsetBytes: offset };
    await put(localHeader(member.name, zip64, stamp));
    const header = npyHeader(member.dtype, [plan.sampleCount]);
    entry.crc32 = crc32(header);
    await put(header);
    for await (const values of memberData(ctx, member)) {
      ctx.checkCancelled();
      const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
      entry.crc32 = crc32(bytes, entry.crc32);
      await put(bytes);
    }
    await put(dataDescriptor(entry.crc32, sizeBytes, zip64));
    entries.push(entry);
  }
  const zip64 = entryNeedsZip64(metadata.byteLength, forceZip64);
  entries.push({
    name: NPZ_METADATA_MEMBER,
    sizeBytes: metadata.byteLength,
    crc32: crc32(metadata),
    offsetBytes: offset,
  });
  await put(localHeader(NPZ_METADATA_MEMBER, zip64, stamp));
  await put(metadata);
  await put(dataDescriptor(entries.at(-1)!.crc32, metadata.byteLength, zip64));
  await put(centralDirectory(entries, offset, stamp, forceZip64));
}

/** The member's values in chunks; each chunk is valid until the next is asked for. */
async function* memberData(
  ctx: StreamWriterContext,
  member: NpzMember,
): AsyncGenerator<Float32Array | Float64Array> {
  const { plan, reader } = ctx;
  const chunkSamples = Math.min(chunkSamplesFor(plan.frameWidth, FRAME_CHUNK_BYTES), plan.sampleCount);
  if (chunkSamples === 0) return;
  if (member.frameIndex === undefined) {
    const times = new Float64Array(chunkSamples);
    for (let first = plan.fromSample; first < plan.toSample; first += chunkSamples) {
      const out = times.subarray(0, Math.min(chunkSamples, plan.toSample - first));
      fillTimes(plan.axis, first, out);
      yield out;
    }
    return;
  }
  const values = new Float32Array(chunkSamples);
  // Copied as bit patterns, like the other writers: a value never passes through a double on its way.
  const valueBits = [new Int32Array(values.buffer)];
  const column = [member.frameIndex];
  for await (const { bits, count } of frameChunks(reader, plan.fromSample, plan.toSample, chunkSamples)) {
    deinterleave(bits, plan.frameWidth, count, column, valueBits);
    yield values.subarray(0, count);
  }
}
