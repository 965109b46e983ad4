/** Folder-level operations of the store: creating an acquisition's folder and deleting one crash-safely. */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AcquisitionError } from '../AcquisitionError.js';
import { isAcquisitionId, newAcquisitionId } from '../acquisitionId.js';
import { fsyncDirectory } from '../../util/index.js';

/** Folders being deleted are renamed to this prefix first; the id pattern never matches it. */
export const DELETING_PREFIX = '.deleting-';

/** Acquisitions one data folder keeps at most, unless configured otherwise. */
export const DEFAULT_MAX_ACQUISITIONS = 10_000;

/**
 * Throws AcquisitionError('limit_exceeded') when the folder already holds `max` acquisitions. Every one
 * costs a meta.json read in each list, so an unbounded number would make listing (and start-up recovery)
 * as slow as a client cares to make it. The caller serialises creates, so the count cannot go stale.
 */
export async function assertRoomForAcquisition(acquisitionsDir: string, max: number): Promise<void> {
  const count = (await readdir(acquisitionsDir)).filter(isAcquisitionId).length;
  if (count < max) return;
  throw new AcquisitionError(
    'limit_exceeded',
    `the data folder already holds ${count} acquisitions, the most it keeps (${max}); delete some before creating more`,
    { limit: max, count },
  );
}

/** Creates a folder for a fresh id and returns the id. */
export async function makeAcquisitionFolder(acquisitionsDir: string): Promise<string> {
  // 48 random bits make a clash vanishingly rare; an exclusive mkdir makes it harmless.
  for (let attempt = 0; ; attempt++) {
    const id = newAcquisitionId();
    try {
      await mkdir(path.join(acquisitionsDir, id));
      return id;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 4) {
        throw new AcquisitionError(
          'io_error',
          `cannot create an acquisition folder: ${(err as Error).message}`,
        );
      }
    }
  }
}

/**
 * Deletes an acquisition's folder. It is renamed out of the id namespace first, so a crash half-way leaves
 * a folder that list() ignores and recovery finishes removing, never a half-deleted acquisition.
 */
export async function deleteAcquisitionFolder(acquisitionsDir: string, id: string): Promise<void> {
  const doomed = path.join(acquisitionsDir, `${DELETING_PREFIX}${id}-${randomBytes(4).toString('hex')}`);
  try {
    await rename(path.join(acquisitionsDir, id), doomed);
    await fsyncDirectory(acquisitionsDir);
    await rm(doomed, { recursive: true, force: true });
  } catch (err) {
    throw new AcquisitionError('io_error', `${id}: cannot delete: ${(err as Error).message}`);
  }
}
