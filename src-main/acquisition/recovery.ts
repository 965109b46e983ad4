/**
 * Start-up recovery of one acquisition folder after a crash (or a power cut, or a kill): an acquisition
 * left armed, running or paused becomes `interrupted`, its sample file is cut back to whole frames and its
 * sample_count recomputed from the file size — so every sample that reached the disk is kept and readable.
 */
import { open, readdir, rm, rmdir, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AcquisitionError } from './AcquisitionError.js';
import { isTempFileName } from './atomicFile.js';
import { SAMPLES_FILE, withState, type AcquisitionMeta, type AcquisitionState } from './meta.js';
import { readMetaFile, writeMetaFile } from './metaFile.js';
import {
  decodeSampleFileHeader,
  encodeSampleFileHeader,
  fileSizeForSampleCount,
  SAMPLE_FILE_HEADER_BYTES,
  sampleCountForFileSize,
} from './sampleFile.js';
import { isActiveState } from './stateMachine.js';

export interface RecoveryReport {
  acquisitionId: string;
  /** The state the acquisition was left in. */
  previousState: AcquisitionState;
  /** Whole samples kept. */
  sampleCount: number;
  /** Bytes of a torn last frame cut from the sample file. */
  truncatedBytes: number;
  /** The rewritten metadata (state `interrupted`). */
  meta: AcquisitionMeta;
}

/** Cuts samples.f32 to whole frames and returns [samples kept, bytes cut]. */
async function repairSampleFile(handle: FileHandle, meta: AcquisitionMeta): Promise<[number, number]> {
  const channelCount = meta.channels.length;
  const { size } = await handle.stat();
  if (size < SAMPLE_FILE_HEADER_BYTES) {
    // The header is synced before meta.json first says running, so this is a disk that lied; meta holds
    // everything the header needs, so rebuild it rather than leave an unreadable file.
    const header = encodeSampleFileHeader({
      channelCount,
      sampleRateHz: meta.sample_rate_hz,
      t0Ms: meta.t0_ms!,
    });
    await handle.truncate(0);
    await handle.write(header, 0, header.byteLength, 0);
    await handle.sync();
    return [0, 0];
  }
  const bytes = new Uint8Array(SAMPLE_FILE_HEADER_BYTES);
  await handle.read(bytes, 0, bytes.byteLength, 0);
  const header = decodeSampleFileHeader(bytes);
  if (header.channelCount !== channelCount) {
    throw new AcquisitionError(
      'corrupt',
      `${meta.acquisition_id}: sample file has ${header.channelCount} channels, meta.json ${channelCount}`,
    );
  }
  const sampleCount = sampleCountForFileSize(size, channelCount);
  const wholeBytes = fileSizeForSampleCount(sampleCount, channelCount);
  if (size > wholeBytes) await handle.truncate(wholeBytes);
  await handle.sync();
  return [sampleCount, size - wholeBytes];
}

/**
 * Removes leftover temp files in `dirPath`, then recovers the acquisition if it was left active. Returns
 * undefined when there was nothing to recover. A folder holding nothing but temp files (a create that
 * crashed before its first meta.json) is removed. Throws AcquisitionError('corrupt') for a folder it cannot
 * make sense of, which it then leaves untouched.
 */
export async function recoverAcquisition(
  dirPath: string,
  acquisitionId: string,
  nowMs: number,
): Promise<RecoveryReport | undefined> {
  const names = await readdir(dirPath);
  for (const name of names.filter(isTempFileName)) await rm(path.join(dirPath, name), { force: true });
  if (names.every(isTempFileName)) {
    await rmdir(dirPath);
    return undefined;
  }
  const meta = await readMetaFile(dirPath, acquisitionId);
  if (!isActiveState(meta.state)) return undefined;

  const samplesPath = path.join(dirPath, SAMPLES_FILE);
  let sampleCount = 0;
  let truncatedBytes = 0;
  if (meta.t0_ms === undefined) {
    // Never recorded as started (crashed between creating the file and saying so): it holds no samples.
    await rm(samplesPath, { force: true });
  } else {
    const handle = await open(samplesPath, 'r+').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (handle !== undefined) {
      try {
        [sampleCount, truncatedBytes] = await repairSampleFile(handle, meta);
      } finally {
        await handle.close();
      }
    }
  }
  const recovered = withState(meta, 'interrupted', nowMs, {
    sample_count: sampleCount,
    error: {
      code: 'crash',
      message: `capture interrupted: Benchtop stopped unexpectedly while it was ${meta.state}; ${sampleCount} samples recovered`,
    },
  });
  await writeMetaFile(dirPath, recovered);
  return { acquisitionId, previousState: meta.state, sampleCount, truncatedBytes, meta: recovered };
}
