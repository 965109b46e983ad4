/**
 * Reading and writing meta.json in an acquisition's folder.
 *
 * The end of a capture must be recorded even when the disk is full — a disk that filled up is exactly
 * when a capture ends on its own. A fresh meta.json needs new blocks, so while a capture runs its folder
 * holds meta.reserve: zeros as long as the final meta.json will be plus slack, written (blocks allocated)
 * when the capture starts. The final meta.json is written into those blocks in place, cut to length,
 * synced and renamed over meta.json — none of which needs free space on ext4, XFS or tmpfs. Where even
 * that fails (a copy-on-write or compressing file system, a reserve too small) the usual atomic write is
 * tried, and if that fails too the caller keeps the state in memory (AcquisitionStore). A crash after the
 * in-place write but before the rename leaves the final meta in meta.reserve, where recovery finds it.
 */
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AcquisitionError } from '../AcquisitionError.js';
import { fsyncDirectory, writeFileAtomic } from '../../util/index.js';
import { META_FILE, META_RESERVE_FILE, parseMeta, SAMPLES_FILE, type AcquisitionMeta } from './meta.js';
import { sampleCountForFileSize } from './sampleFile.js';
import { isActiveState } from './stateMachine.js';

/**
 * Bytes held beyond the meta.json of the moment: room for what the end adds (state, counts, an error
 * message of a few hundred bytes) and about a thousand more pause/resume segments.
 */
export const META_RESERVE_SLACK_BYTES = 64 * 1024;

/** The file operations of the store on meta.json; a test replaces them to fail as a full disk does. */
export interface MetaFiles {
  /** Replaces meta.json atomically. Throws AcquisitionError('io_error'). */
  write(dirPath: string, meta: AcquisitionMeta): Promise<void>;
  /** Makes sure meta.reserve can take the final version of `meta`. Throws AcquisitionError('io_error'). */
  reserve(dirPath: string, meta: AcquisitionMeta): Promise<void>;
  /** Writes the final meta.json, into the reserve if it can. Throws AcquisitionError('io_error'). */
  writeFinal(dirPath: string, meta: AcquisitionMeta): Promise<void>;
}

/** meta.json as written: pretty JSON and a newline. */
function metaBytes(meta: AcquisitionMeta): Buffer {
  return Buffer.from(JSON.stringify(meta, null, 2) + '\n');
}

function ioError(meta: AcquisitionMeta, what: string, err: unknown): AcquisitionError {
  const code = (err as NodeJS.ErrnoException).code;
  return new AcquisitionError(
    'io_error',
    `${meta.acquisition_id}: cannot ${what}: ${(err as Error).message}`,
    {
      ...(code !== undefined && { errno: code }),
    },
  );
}

/**
 * Reads and validates `<dirPath>/meta.json`. Throws AcquisitionError: 'not_found' when there is none,
 * 'corrupt' when it is not valid, 'io_error' when it cannot be read.
 */
export async function readMetaFile(dirPath: string, acquisitionId: string): Promise<AcquisitionMeta> {
  let text: string;
  try {
    text = await readFile(path.join(dirPath, META_FILE), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new AcquisitionError('not_found', `no acquisition ${acquisitionId}`, {
        acquisition_id: acquisitionId,
      });
    }
    throw new AcquisitionError(
      'io_error',
      `${acquisitionId}: cannot read meta.json: ${(err as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AcquisitionError(
      'corrupt',
      `${acquisitionId}: meta.json is not JSON: ${(err as Error).message}`,
    );
  }
  return parseMeta(value, acquisitionId);
}

/**
 * readMetaFile for an acquisition that is not capturing in this process. An active state there is stale
 * (a crash, or an ending that could not be written), so its sample_count is taken from the sample file's
 * whole frames rather than from the last meta write.
 */
export async function readStoredMeta(dirPath: string, acquisitionId: string): Promise<AcquisitionMeta> {
  const meta = await readMetaFile(dirPath, acquisitionId);
  if (!isActiveState(meta.state) || meta.t0_ms === undefined) return meta;
  const size = await stat(path.join(dirPath, SAMPLES_FILE)).then(
    (info) => info.size,
    () => undefined,
  );
  if (size === undefined) return meta;
  return { ...meta, sample_count: sampleCountForFileSize(size, meta.channels.length) };
}

/** Replaces meta.json atomically; throws AcquisitionError('io_error') if the file system refuses. */
export async function writeMetaFile(dirPath: string, meta: AcquisitionMeta): Promise<void> {
  try {
    await writeFileAtomic(path.join(dirPath, META_FILE), metaBytes(meta));
  } catch (err) {
    throw ioError(meta, 'write meta.json', err);
  }
}

/** Grows meta.reserve, with real zeros (allocated blocks), to hold `meta` plus the slack. */
export async function reserveFinalMeta(dirPath: string, meta: AcquisitionMeta): Promise<void> {
  const file = path.join(dirPath, META_RESERVE_FILE);
  const needed = metaBytes(meta).byteLength + META_RESERVE_SLACK_BYTES;
  const held = await stat(file).then(
    (info) => info.size,
    () => 0,
  );
  if (held >= needed) return;
  try {
    const handle = await open(file, 'w', 0o644);
    try {
      await handle.writeFile(Buffer.alloc(needed));
      await handle.datasync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await rm(file, { force: true }).catch(() => undefined);
    throw ioError(meta, 'reserve space for the final meta.json', err);
  }
}

/** Writes `meta` into meta.reserve in place and renames it over meta.json; false when it is too small. */
async function writeIntoReserve(dirPath: string, meta: AcquisitionMeta): Promise<boolean> {
  const file = path.join(dirPath, META_RESERVE_FILE);
  const bytes = metaBytes(meta);
  const handle = await open(file, 'r+').catch(() => undefined);
  if (handle === undefined) return false;
  try {
    if ((await handle.stat()).size < bytes.byteLength) return false;
    for (let done = 0; done < bytes.byteLength;) {
      done += (await handle.write(bytes, done, bytes.byteLength - done, done)).bytesWritten;
    }
    await handle.truncate(bytes.byteLength);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(file, path.join(dirPath, META_FILE));
  await fsyncDirectory(dirPath);
  return true;
}

/**
 * Writes the final meta.json: into the reserve if there is one big enough, else atomically as usual; the
 * reserve is gone afterwards. Throws AcquisitionError('io_error') when neither way works.
 */
export async function writeFinalMetaFile(dirPath: string, meta: AcquisitionMeta): Promise<void> {
  // A failure half-way leaves meta.reserve unreadable as a meta, which recovery then ignores.
  const placed = await writeIntoReserve(dirPath, meta).catch(() => false);
  if (placed) return;
  await writeMetaFile(dirPath, meta);
  await rm(path.join(dirPath, META_RESERVE_FILE), { force: true }).catch(() => undefined);
}

/** The final meta recovery finds in meta.reserve (written, not yet renamed), or undefined. */
export async function readReservedMeta(
  dirPath: string,
  acquisitionId: string,
): Promise<AcquisitionMeta | undefined> {
  const text = await readFile(path.join(dirPath, META_RESERVE_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return parseMeta(JSON.parse(text), acquisitionId);
  } catch {
    return undefined; // zeros (never used) or torn: not a record of how the capture ended
  }
}

/** What the store uses: the files on disk. */
export const diskMetaFiles: MetaFiles = {
  write: writeMetaFile,
  reserve: reserveFinalMeta,
  writeFinal: writeFinalMetaFile,
};
