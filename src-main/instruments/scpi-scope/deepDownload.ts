/**
 * What the deep-memory downloads of every SCPI scope family share: one `:WAV:DATA?` block fetched with
 * progress as its bytes arrive (points so far over the whole download) and a cancel within it reported as
 * such, and the error that says how far a cancelled download had come.
 */
import { DriverError, type MemoryDownloadOptions } from '../InstrumentDriver.js';
import type { ScpiCalls } from './scpiCalls.js';

/** The error of a download cancelled after `receivedPoints` of `totalPoints` (`details.cancelled`). */
export function downloadCancelled(who: string, receivedPoints: number, totalPoints: number): DriverError {
  return new DriverError(
    `${who} deep-memory download cancelled after ${receivedPoints} of ${totalPoints} points`,
    'fault',
    { cancelled: true, received_points: receivedPoints, total_points: totalPoints },
  );
}

/**
 * Fetches one BYTE block (one point a byte), reporting `before` + the bytes received so far. Aborted
 * through `options.signal` within the block: the port drains the rest, and the rejection is the
 * cancellation's (`downloadCancelled`), not the transport's.
 */
export async function fetchBlockWithProgress(
  calls: ScpiCalls,
  who: string,
  options: MemoryDownloadOptions,
  before: number,
  totalPoints: number,
): Promise<Uint8Array> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw downloadCancelled(who, before, totalPoints);
  return calls.port
    .queryBlock(':WAV:DATA?', {
      signal,
      onProgress: (received) => onProgress?.({ receivedPoints: before + received, totalPoints }),
    })
    .catch((err: unknown) => {
      throw signal?.aborted ? downloadCancelled(who, before, totalPoints) : err;
    });
}
