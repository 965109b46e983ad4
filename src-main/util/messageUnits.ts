/**
 * Sizes, rates and durations worded for the error and close messages a person reads (binary units for
 * memory, decimal for link rates, as the protocol's limits are stated).
 */

/** "64 MB/s" for messages. */
export function formatBytesPerS(bytesPerS: number): string {
  return bytesPerS >= 1_000_000
    ? `${Number((bytesPerS / 1_000_000).toPrecision(3))} MB/s`
    : `${Number((bytesPerS / 1_000).toPrecision(3))} kB/s`;
}

/** "32 MiB", "512 KiB", for messages. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Number((bytes / (1024 * 1024)).toPrecision(3))} MiB`
    : `${Number((bytes / 1024).toPrecision(3))} KiB`;
}

/** "30 s", "500 ms", for messages. */
export function formatMs(ms: number): string {
  return ms >= 1_000 && ms % 1_000 === 0 ? `${ms / 1_000} s` : `${ms} ms`;
}
