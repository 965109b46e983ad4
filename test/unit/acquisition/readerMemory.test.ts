import { afterEach, describe, expect, it } from 'vitest';
import { ALLOWED_CHANNELS, openTestStore, removeTempDirs, scopeConfig } from './helpers.js';
import { firstMismatch, syntheticBlock } from './synthetic.js';

afterEach(removeTempDirs);

const MIB = 1024 * 1024;

describe('AcquisitionReader memory', () => {
  it('streams a 200 MB capture with small, bounded RSS growth', async () => {
    const store = await openTestStore();
    const { acquisition_id: id } = await store.create(scopeConfig(), { allowedChannels: ALLOWED_CHANNELS });
    const recorder = await store.start(id);
    // 4 channels × 4 B × 12 Mi samples = 192 MiB (201 MB), appended in 1 Mi-sample blocks (one generated block,
    // re-labelled: the values repeat, which is fine for a memory test).
    const blockSamples = 1 << 20;
    const totalSamples = 12 * blockSamples;
    const block = syntheticBlock(0, blockSamples);
    for (let first = 0; first < totalSamples; first += blockSamples) {
      recorder.append({ firstSample: first, channels: block.channels });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const final = await store.stop(id);
    expect(final.sample_count).toBe(totalSamples);

    const reader = await store.openReader(id);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let samples = 0;
    let checked = 0;
    for await (const chunk of reader.chunks()) {
      samples += chunk.channels[0]!.length;
      peak = Math.max(peak, process.memoryUsage().rss);
      // Spot-check the first chunk of each block for bit-exact values.
      if (chunk.firstSample % blockSamples === 0) {
        expect(firstMismatch(chunk.channels[2]!, 2, 0)).toBe(-1);
        checked++;
      }
    }
    await reader.close();
    expect(samples).toBe(totalSamples);
    expect(checked).toBe(12);
    const growthMiB = (peak - baseline) / MIB;
    console.info(
      `reader RSS growth over a ${(totalSamples * 16) / MIB} MiB capture: ${growthMiB.toFixed(1)} MiB`,
    );
    // The capture is 192 MiB; a reader that loaded it would grow by at least that.
    expect(growthMiB).toBeLessThan(64);
  });
});
