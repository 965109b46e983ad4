/**
 * Baselines for test/bench/export.bench.ts, measured in the same run as the real thing:
 * - the CSV writer everyone writes first: per row, toFixed for time and toPrecision(9) for each value,
 *   Array.join, one string per chunk, written and hashed like ours (so only the formatting differs);
 * - a plain file copy of the capture's sample file, for what the disk itself does.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { AcquisitionReader } from '../../../src-main/acquisition/index.js';

/** Same job as exportAcquisition(csv) over [from, to): header, rows, SHA-256, fdatasync. Returns bytes. */
export async function naiveCsvExport(
  reader: AcquisitionReader,
  fromSample: number,
  toSample: number,
  targetPath: string,
  decimals: number,
): Promise<number> {
  const rateHz = reader.meta.sample_rate_hz;
  const names = reader.meta.channels.map((c) => (c.unit ? `${c.name} (${c.unit})` : c.name));
  const handle = await open(targetPath, 'w');
  const hash = createHash('sha256');
  let position = 0;
  const write = async (text: string): Promise<void> => {
    const bytes = Buffer.from(text, 'utf8');
    hash.update(bytes);
    await handle.write(bytes, 0, bytes.byteLength, position);
    position += bytes.byteLength;
  };
  try {
    await write(`${['time_s', ...names].join(',')}\r\n`);
    for await (const block of reader.chunks({ fromSample, toSample })) {
      const lines: string[] = [];
      const count = block.channels[0]!.length;
      for (let i = 0; i < count; i++) {
        const t = (block.firstSample + i) / rateHz;
        const fields = [
          t.toFixed(decimals),
          ...block.channels.map((ch) => (Number.isNaN(ch[i]!) ? '' : ch[i]!.toPrecision(9))),
        ];
        lines.push(fields.join(','));
      }
      await write(`${lines.join('\r\n')}\r\n`);
    }
    await handle.datasync();
  } finally {
    await handle.close();
  }
  hash.digest('hex');
  return position;
}

/** Copies `fromPath` to `toPath` in 4 MiB reads and writes, then fdatasync. Returns bytes. */
export async function plainCopy(fromPath: string, toPath: string): Promise<number> {
  const input = await open(fromPath, 'r');
  const output = await open(toPath, 'w');
  const buffer = new Uint8Array(4 << 20);
  let position = 0;
  try {
    for (;;) {
      const { bytesRead } = await input.read(buffer, 0, buffer.byteLength, position);
      if (bytesRead === 0) break;
      await output.write(buffer, 0, bytesRead, position);
      position += bytesRead;
    }
    await output.datasync();
  } finally {
    await input.close();
    await output.close();
  }
  return position;
}
