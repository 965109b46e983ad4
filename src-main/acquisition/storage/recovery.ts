/**
 * Start-up recovery of one acquisition folder after a crash (or a power cut, or a kill): an acquisition
 * left armed, running or paused becomes `interrupted`, its sample file is cut back to whole frames and its
 * sample_count recomputed from the file size — so every sample that reached the disk is kept and readable.
 *
 * One exception: if the capture had already ended and written its final meta into meta.reserve (the space
 * held for it, metaFile.ts) but died before renaming it into place, that record says how it ended — e.g.
 * `error` with `disk_full` — and is what recovery keeps, with the count from the file.
 */
import { open, readdir, rm, rmdir, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { isTempFileName, type Logger } from '../../util/index.js';
import { AcquisitionError } from '../AcquisitionError.js';
import { isAcquisitionId } from '../acquisitionId.js';
import {
  META_RESERVE_FILE,
  SAMPLES_FILE,
  withState,
  type AcquisitionMeta,
  type AcquisitionState,
} from './meta.js';
import { diskMetaFiles, readMetaFile, readReservedMeta, type MetaFiles } from './metaFile.js';
import {
  decodeSampleFileHeader,
  encodeSampleFileHeader,
  fileSizeForSampleCount,
  SAMPLE_FILE_HEADER_BYTES,
  sampleCountForFileSize,
} from './sampleFile.js';
import { isActiveState, isFinalState } from './stateMachine.js';
import { DELETING_PREFIX } from './storeFolders.js';

export interface RecoveryReport {
  acquisitionId: string;
  /** The state the acquisition was left in. */
  previousState: AcquisitionState;
  /** Whole samples kept. */
  sampleCount: number;
  /** Bytes of a torn last frame cut from the sample file. */
  truncatedBytes: number;
  /** The rewritten metadata: `interrupted` (code `crash`), or the ending found in meta.reserve. */
  meta: AcquisitionMeta;
  /** False when even that could not be written (the disk is still full): the caller keeps `meta`. */
  saved: boolean;
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
 * make sense of, which it then leaves untouched. The new meta.json goes through `files.writeFinal` (into
 * the held space first), so it is written even on a disk that is still full where that is possible.
 */
export async function recoverAcquisition(
  dirPath: string,
  acquisitionId: string,
  nowMs: number,
  files: MetaFiles = diskMetaFiles,
): Promise<RecoveryReport | undefined> {
  const names = await readdir(dirPath);
  for (const name of names.filter(isTempFileName)) await rm(path.join(dirPath, name), { force: true });
  if (names.every(isTempFileName)) {
    await rmdir(dirPath);
    return undefined;
  }
  const meta = await readMetaFile(dirPath, acquisitionId);
  const reservePath = path.join(dirPath, META_RESERVE_FILE);
  if (!isActiveState(meta.state)) {
    await rm(reservePath, { force: true }); // held for an ending that was recorded after all
    return undefined;
  }
  const ending = await readReservedMeta(dirPath, acquisitionId);

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
  const recovered =
    ending !== undefined && isFinalState(ending.state)
      ? { ...ending, sample_count: sampleCount }
      : withState(meta, 'interrupted', nowMs, {
          sample_count: sampleCount,
          error: {
            code: 'crash',
            message: `capture interrupted: Benchtop stopped unexpectedly while it was ${meta.state}; ${sampleCount} samples recovered`,
          },
        });
  const saved = await files.writeFinal(dirPath, recovered).then(
    () => true,
    () => false,
  );
  return { acquisitionId, previousState: meta.state, sampleCount, truncatedBytes, meta: recovered, saved };
}

/** What recoverAll needs from the store. */
export interface RecoverAllContext {
  acquisitionsDir: string;
  /** Acquisitions to leave alone: capturing in this process, or with their ending kept in memory. */
  skip(id: string): boolean;
  /** Runs `operation` under the store's lock for `id`. */
  locked<T>(id: string, operation: () => Promise<T>): Promise<T>;
  files: MetaFiles;
  nowMs(): number;
  log: Logger;
  /** Called under the lock for each acquisition recovered (the store keeps an ending not saved). */
  onRecovered(report: RecoveryReport): void;
}

/**
 * Recovers every acquisition folder (recoverAcquisition) and finishes deletes a crash interrupted. A
 * problem with one folder is logged and does not stop the others. Resolves with what was recovered.
 */
export async function recoverAll(ctx: RecoverAllContext): Promise<RecoveryReport[]> {
  const reports: RecoveryReport[] = [];
  for (const name of await readdir(ctx.acquisitionsDir)) {
    const dir = path.join(ctx.acquisitionsDir, name);
    try {
      if (name.startsWith(DELETING_PREFIX)) await rm(dir, { recursive: true, force: true });
      if (!isAcquisitionId(name) || ctx.skip(name)) continue;
      const report = await ctx.locked(name, async () => {
        const found = await recoverAcquisition(dir, name, ctx.nowMs(), ctx.files);
        if (found !== undefined) ctx.onRecovered(found);
        return found;
      });
      if (report === undefined) continue;
      ctx.log.warn(
        `acquisition ${name} was ${report.previousState} when Benchtop stopped; marked ${report.meta.state} (${report.meta.error?.code ?? 'no fault'}) with ${report.sampleCount} samples`,
      );
      reports.push(report);
    } catch (err) {
      ctx.log.error(`acquisition ${name}: recovery failed; left as found`, err);
    }
  }
  return reports;
}
