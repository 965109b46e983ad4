/**
 * Free-space checks, so a capture stops cleanly with a clear message while there is still room for its
 * metadata — rather than running into ENOSPC, which is handled too but leaves the rest of the system short.
 */
import { statfs } from 'node:fs/promises';

export interface DiskSpace {
  /** Bytes available to this (unprivileged) process. */
  freeBytes: number;
  totalBytes: number;
}

/** Measures the volume holding `dirPath`. Injectable so tests can simulate a filling disk. */
export type DiskSpaceProbe = (dirPath: string) => Promise<DiskSpace>;

export const statfsProbe: DiskSpaceProbe = async (dirPath) => {
  const stats = await statfs(dirPath);
  return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
};

export interface DiskMargin {
  /** Absolute floor, bytes. Default 500 MiB. */
  minFreeBytes: number;
  /** Floor as a fraction of the volume, 0..1. Default 0.05. */
  minFreeFraction: number;
}

export const DEFAULT_DISK_MARGIN: DiskMargin = { minFreeBytes: 500 * 1024 * 1024, minFreeFraction: 0.05 };

/**
 * Free bytes below which capture will not start or go on: the smaller of the two floors, so 500 MiB on a
 * large disk (5 % of 4 TB would strand 200 GB) and 5 % on a small one (where 500 MiB might be most of it).
 */
export function requiredFreeBytes(space: DiskSpace, margin: DiskMargin = DEFAULT_DISK_MARGIN): number {
  return Math.min(margin.minFreeBytes, margin.minFreeFraction * space.totalBytes);
}

/** A message for the user when `space` is below the margin, else undefined. */
export function lowDiskMessage(
  space: DiskSpace,
  margin: DiskMargin = DEFAULT_DISK_MARGIN,
): string | undefined {
  const required = requiredFreeBytes(space, margin);
  if (space.freeBytes >= required) return undefined;
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  return `free disk space ${mib(space.freeBytes)} is below the ${mib(required)} margin`;
}
