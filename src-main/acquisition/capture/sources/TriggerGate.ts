/**
 * Triggered capture on a continuous stream: watches one channel for an edge while keeping the last
 * `preSamples` of every channel in a ring buffer, and once the edge comes hands back the capture's first
 * blocks — the pre-trigger samples from the ring, then the rest of the triggering block — indexed from 0.
 *
 * The edge is the crossing between two consecutive samples: rising when x[s−1] < level ≤ x[s], falling when
 * x[s−1] > level ≥ x[s]; sample s is the trigger sample, and lands at index `preSamples` of the capture.
 * Like a scope, the gate accepts a trigger only once it has seen `preSamples` samples, so the pre-trigger
 * part is always complete. Pure bookkeeping on typed arrays: no timers, no I/O.
 */
import type { SampleBlock } from '../../storage/index.js';

/** Which crossings of the level fire the trigger. */
export type TriggerEdge = 'rising' | 'falling' | 'either';

/** The trigger: which channel, what level and edge, and how many samples to keep before it. */
export interface TriggerGateOptions {
  channelCount: number;
  /** Index of the trigger channel among the block's channels. */
  channelIndex: number;
  /** Threshold, in the channel's unit. */
  level: number;
  edge: TriggerEdge;
  preSamples: number;
}

/** Where the capture starts, once the trigger fired, and its first samples. */
export interface TriggerHit {
  /** Stream index of the capture's sample 0 (the first pre-trigger sample). */
  startIndex: number;
  /** Stream index of the trigger sample (startIndex + preSamples). */
  triggerIndex: number;
  /** Copies of the samples from startIndex to the end of the triggering block, indexed from 0. */
  blocks: SampleBlock[];
}

/** Edge detection plus a pre-trigger ring buffer over a continuous stream (see the file comment). */
export class TriggerGate {
  readonly #options: TriggerGateOptions;
  readonly #ring: Float32Array[];
  /** Stream index of the next sample expected. */
  #seen = 0;
  #below = false;
  #above = false;

  constructor(options: TriggerGateOptions) {
    this.#options = options;
    this.#ring = Array.from({ length: options.channelCount }, () => new Float32Array(options.preSamples));
  }

  /** Feeds the next block (its firstSample must follow the previous one); returns the hit, if it came. */
  push(block: SampleBlock): TriggerHit | undefined {
    if (block.firstSample !== this.#seen) {
      throw new RangeError(`trigger gate expected sample ${this.#seen}, got ${block.firstSample}`);
    }
    const hit = this.#scan(block);
    if (hit < 0) {
      this.#remember(block);
      this.#seen += block.channels[0]!.length;
      return undefined;
    }
    const triggerIndex = block.firstSample + hit;
    const startIndex = triggerIndex - this.#options.preSamples;
    return { startIndex, triggerIndex, blocks: this.#cut(block, startIndex) };
  }

  /** Block-local index of the first acceptable trigger sample, or −1. */
  #scan(block: SampleBlock): number {
    const { level, edge, preSamples } = this.#options;
    const values = block.channels[this.#options.channelIndex]!;
    const rising = edge !== 'falling';
    const falling = edge !== 'rising';
    let below = this.#below;
    let above = this.#above;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (
        ((rising && below && v >= level) || (falling && above && v <= level)) &&
        block.firstSample + i >= preSamples
      ) {
        return i;
      }
      below = v < level;
      above = v > level;
    }
    this.#below = below;
    this.#above = above;
    return -1;
  }

  /** Keeps the block's last samples (up to preSamples) in the ring, slot = stream index mod preSamples. */
  #remember(block: SampleBlock): void {
    const pre = this.#options.preSamples;
    if (pre === 0) return;
    const count = block.channels[0]!.length;
    const take = Math.min(pre, count);
    const firstIndex = block.firstSample + count - take;
    const slot = firstIndex % pre;
    const head = Math.min(take, pre - slot);
    block.channels.forEach((values, c) => {
      const ring = this.#ring[c]!;
      ring.set(values.subarray(count - take, count - take + head), slot);
      if (head < take) ring.set(values.subarray(count - take + head, count), 0);
    });
  }

  #cut(block: SampleBlock, startIndex: number): SampleBlock[] {
    const pre = this.#options.preSamples;
    const blocks: SampleBlock[] = [];
    const fromRing = block.firstSample - Math.max(startIndex, 0);
    if (fromRing > 0) {
      const slot = startIndex % pre;
      const head = Math.min(fromRing, pre - slot);
      blocks.push({
        firstSample: 0,
        channels: this.#ring.map((ring) => {
          const out = new Float32Array(fromRing);
          out.set(ring.subarray(slot, slot + head), 0);
          if (head < fromRing) out.set(ring.subarray(0, fromRing - head), head);
          return out;
        }),
      });
    }
    const local = Math.max(0, startIndex - block.firstSample);
    if (local < block.channels[0]!.length) {
      blocks.push({
        firstSample: Math.max(0, fromRing),
        channels: block.channels.map((values) => values.slice(local)),
      });
    }
    return blocks;
  }
}
