/** Reading and writing meta.json in an acquisition's folder. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AcquisitionError } from './AcquisitionError.js';
import { writeFileAtomic } from './atomicFile.js';
import { META_FILE, parseMeta, type AcquisitionMeta } from './meta.js';

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

/** Replaces meta.json atomically; throws AcquisitionError('io_error') if the file system refuses. */
export async function writeMetaFile(dirPath: string, meta: AcquisitionMeta): Promise<void> {
  try {
    await writeFileAtomic(path.join(dirPath, META_FILE), JSON.stringify(meta, null, 2) + '\n');
  } catch (err) {
    throw new AcquisitionError(
      'io_error',
      `${meta.acquisition_id}: cannot write meta.json: ${(err as Error).message}`,
    );
  }
}
