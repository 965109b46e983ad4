/**
 * Capture review from disk: answers "samples [from, to) of these channels at N pixel columns" for finished
 * and running captures, through each capture's min/max summaries (SummaryFiles). Summaries are built while
 * capturing — a running capture's are extended every `followIntervalMs` from the freshly written (page
 * cached) samples, so the recorder's hot path stays untouched — and lazily on first open for a capture that
 * has none (captured before summaries existed, or recovered after a crash with a shorter file).
 */
import type {
  AcquisitionMeta,
  AcquisitionReader,
  AcquisitionService,
  AcquisitionServiceEvent,
} from '../acquisition/index.js';
import { AcquisitionError, isActiveState } from '../acquisition/index.js';
import type { JournalEntry } from '../events/index.js';
import type { Logger } from '../util/index.js';
import { REVIEW_MAX_EVENTS, REVIEW_MAX_PIXELS } from '../../shared/protocol/index.js';
import type { ReviewMarkers } from '../../shared/protocol/index.js';
import { markersInSpan } from './markers.js';
import {
  blockSamplesOf,
  decomposeSpan,
  emptyEnvelope,
  finishEnvelope,
  foldIntoColumns,
  levelForSpan,
  valuesPerItem,
} from './pyramid.js';
import { SummaryFiles } from './SummaryFiles.js';

/** Items read per positional read while drawing a span: bounds a review's memory. */
const ITEMS_PER_READ = 65_536;
const DEFAULT_FOLLOW_INTERVAL_MS = 1_000;
/** How often a running capture's summaries are made durable, ms. */
const PERSIST_EVERY_MS = 10_000;
/** Captures whose summary files stay open; the least recently reviewed is closed past it. */
const MAX_OPEN_CAPTURES = 16;

export interface ReviewRequest {
  acquisitionId: string;
  channels?: readonly string[];
  fromSample?: number;
  toSample?: number;
  pixels: number;
}

export interface ReviewResult {
  meta: AcquisitionMeta;
  sampleCount: number;
  fromSample: number;
  toSample: number;
  kind: 'samples' | 'minmax';
  level: number;
  /** Per requested channel: column minima and maxima (kind samples: the samples, min and max the same). */
  min: Float32Array[];
  max: Float32Array[];
  channelIndexes: number[];
  markers: ReviewMarkers;
}

export interface ReviewServiceOptions {
  acquisitions: Pick<AcquisitionService, 'get' | 'openReader' | 'events' | 'store'>;
  /** The event log, for events inside a span. */
  events?: { recent(): JournalEntry[] };
  log: Logger;
  /** How often a running capture's summaries catch up with its file, ms. Default 1,000. */
  followIntervalMs?: number;
}

interface OpenCapture {
  files: SummaryFiles;
  /** performance.now() of the last persist, ms. */
  persistedAtMs: number;
  /** Summary work for this capture, one step at a time. */
  chain: Promise<unknown>;
}

export class ReviewService {
  readonly #options: ReviewServiceOptions;
  readonly #open = new Map<string, Promise<OpenCapture>>();
  readonly #following = new Map<string, ReturnType<typeof setInterval>>();
  /** Catch-ups under way, awaited by close(). */
  readonly #catchUps = new Set<Promise<void>>();
  #closed = false;
  readonly #unsubscribe: () => void;

  constructor(options: ReviewServiceOptions) {
    this.#options = options;
    this.#unsubscribe = options.acquisitions.events.on((event) => this.#onAcquisitionEvent(event));
  }

  /**
   * Draws a span. Throws AcquisitionError: 'not_found' (capture or channel), 'out_of_range' (span or
   * pixels outside what the capture holds), 'invalid_config' (a channel listed twice), 'corrupt'.
   */
  async review(request: ReviewRequest): Promise<ReviewResult> {
    const { acquisitionId, pixels } = request;
    if (!Number.isSafeInteger(pixels) || pixels < 1 || pixels > REVIEW_MAX_PIXELS) {
      throw new AcquisitionError('out_of_range', `pixels must be 1..${REVIEW_MAX_PIXELS}, got ${pixels}`, {
        field: 'pixels',
      });
    }
    const meta = await this.#options.acquisitions.get(acquisitionId);
    const channelIndexes = this.#channelIndexes(meta, request.channels);
    const reader = await this.#options.acquisitions.openReader(acquisitionId);
    try {
      const sampleCount = reader.sampleCount;
      const fromSample = request.fromSample ?? 0;
      const toSample = request.toSample ?? sampleCount;
      if (sampleCount === 0) {
        throw new AcquisitionError('out_of_range', `${acquisitionId} holds no samples yet`, { available: 0 });
      }
      if (fromSample < 0 || toSample > sampleCount || toSample <= fromSample) {
        throw new AcquisitionError(
          'out_of_range',
          `span ${fromSample}..${toSample} is not inside ${acquisitionId}'s samples 0..${sampleCount}`,
          { available: sampleCount },
        );
      }
      const files = await this.#update(acquisitionId, meta, reader);
      const span = toSample - fromSample;
      const events = this.#options.events?.recent() ?? [];
      const markers = markersInSpan(meta, sampleCount, fromSample, toSample, events);
      if (markers.events.length > REVIEW_MAX_EVENTS) {
        markers.events = markers.events.slice(0, REVIEW_MAX_EVENTS);
        markers.events_truncated = true;
      }
      const base = { meta, sampleCount, fromSample, toSample, channelIndexes, markers };
      if (span <= pixels) {
        const frames = new Float32Array(span * meta.channels.length);
        await reader.readFramesInto(frames, fromSample, span);
        const values = channelIndexes.map((c) => {
          const out = new Float32Array(span);
          for (let i = 0; i < span; i++) out[i] = frames[i * meta.channels.length + c]!;
          return out;
        });
        return { ...base, kind: 'samples', level: 0, min: values, max: values };
      }
      const level = levelForSpan(span, pixels, files.topLevel);
      const envelope = await this.#drawColumns(reader, files, meta, channelIndexes, fromSample, toSample, {
        level,
        pixels,
        sampleCount,
      });
      return { ...base, kind: 'minmax', level, min: envelope.min, max: envelope.max };
    } finally {
      await reader.close();
    }
  }

  /** Stops following running captures and closes every summary file. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    for (const timer of this.#following.values()) clearInterval(timer);
    this.#following.clear();
    // A catch-up under way writes into the capture's folder: let it end before the files are closed (and
    // before whoever closes the backend removes or moves the data folder).
    await Promise.all([...this.#catchUps]);
    const open = [...this.#open.values()];
    this.#open.clear();
    await Promise.all(open.map(async (p) => (await p.catch(() => undefined))?.files.close()));
  }

  /** Brings a capture's summaries up to `reader` (serialised per capture) and returns them. */
  async #update(id: string, meta: AcquisitionMeta, reader: AcquisitionReader): Promise<SummaryFiles> {
    const capture = await this.#capture(id, meta, reader.sampleCount);
    const step = capture.chain.then(() => capture.files.extend(reader));
    capture.chain = step.catch(() => undefined);
    await step;
    // A finished capture's summaries are persisted at once; a running one's every PERSIST_EVERY_MS, off the
    // review's path (its fsyncs can take seconds on a busy disk, and the entries are usable already).
    const finished = !isActiveState(meta.state);
    if (finished || performance.now() - capture.persistedAtMs >= PERSIST_EVERY_MS) {
      capture.persistedAtMs = performance.now();
      const persist = capture.chain.then(() => capture.files.persist());
      capture.chain = persist.catch((err: unknown) =>
        this.#options.log.warn(`review: summaries of ${id} not persisted: ${(err as Error).message}`),
      );
      if (finished) await persist;
    }
    return capture.files;
  }

  #capture(id: string, meta: AcquisitionMeta, sampleCount: number): Promise<OpenCapture> {
    let open = this.#open.get(id);
    if (open === undefined) {
      const identity = { channelCount: meta.channels.length, sampleRateHz: meta.sample_rate_hz };
      const dir = this.#options.acquisitions.store.folderOf(id);
      open = SummaryFiles.open(
        dir,
        meta.t0_ms === undefined ? identity : { ...identity, t0Ms: meta.t0_ms },
        sampleCount,
      ).then((files) => ({ files, chain: Promise.resolve(), persistedAtMs: performance.now() }));
      open.catch(() => this.#open.delete(id));
      this.#open.set(id, open);
      this.#evict();
    } else {
      // Most recently used last, so eviction takes the oldest.
      this.#open.delete(id);
      this.#open.set(id, open);
    }
    return open;
  }

  #evict(): void {
    while (this.#open.size > MAX_OPEN_CAPTURES) {
      const [oldest, open] = this.#open.entries().next().value!;
      if (this.#following.has(oldest)) {
        // A followed capture stays open; move it to the back and evict another.
        this.#open.delete(oldest);
        this.#open.set(oldest, open);
        if ([...this.#open.keys()].every((id) => this.#following.has(id))) return;
        continue;
      }
      this.#open.delete(oldest);
      void open.then((c) => c.chain.then(() => c.files.close())).catch(() => undefined);
    }
  }

  async #drawColumns(
    reader: AcquisitionReader,
    files: SummaryFiles,
    meta: AcquisitionMeta,
    channelIndexes: number[],
    fromSample: number,
    toSample: number,
    draw: { level: number; pixels: number; sampleCount: number },
  ): Promise<{ min: Float32Array[]; max: Float32Array[] }> {
    const channelCount = meta.channels.length;
    const envelope = emptyEnvelope(channelIndexes.length, draw.pixels);
    const pieces = decomposeSpan(fromSample, toSample, draw.level, files.available(draw.sampleCount));
    const buffer = new Float32Array(ITEMS_PER_READ * valuesPerItem(1, channelCount));
    const span = toSample - fromSample;
    for (const piece of pieces) {
      for (let first = piece.first; first < piece.first + piece.count; first += ITEMS_PER_READ) {
        const count = Math.min(ITEMS_PER_READ, piece.first + piece.count - first);
        if (piece.level === 0) await reader.readFramesInto(buffer, first, count);
        else await files.readEntries(piece.level, first, count, buffer);
        foldIntoColumns(
          envelope,
          buffer,
          piece.level,
          channelCount,
          channelIndexes,
          first,
          count,
          fromSample,
          span,
        );
      }
    }
    finishEnvelope(envelope);
    return envelope;
  }

  #channelIndexes(meta: AcquisitionMeta, names: readonly string[] | undefined): number[] {
    const all = meta.channels.map((c) => c.name);
    if (names === undefined) return all.map((_, i) => i);
    if (new Set(names).size !== names.length) {
      throw new AcquisitionError('invalid_config', 'channels must list each wanted channel once', {
        field: 'channels',
      });
    }
    return names.map((name) => {
      const index = all.indexOf(name);
      if (index < 0) {
        throw new AcquisitionError(
          'not_found',
          `no channel "${name}" in ${meta.acquisition_id} (has ${all.join(', ')})`,
          {
            field: 'channels',
          },
        );
      }
      return index;
    });
  }

  #onAcquisitionEvent(event: AcquisitionServiceEvent): void {
    if (event.type === 'deleted') {
      this.#stopFollowing(event.acquisitionId);
      const open = this.#open.get(event.acquisitionId);
      this.#open.delete(event.acquisitionId);
      void open?.then((c) => c.files.close()).catch(() => undefined);
      return;
    }
    if (event.type !== 'state') return;
    const { meta } = event;
    const id = meta.acquisition_id;
    if (meta.state === 'running' && !this.#following.has(id)) {
      const timer = setInterval(
        () => void this.#follow(id),
        this.#options.followIntervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS,
      );
      timer.unref();
      this.#following.set(id, timer);
    } else if (meta.state !== 'running' && this.#following.has(id)) {
      this.#stopFollowing(id);
      // The last stretch, so the finished capture opens with complete summaries.
      if (!isActiveState(meta.state)) void this.#follow(id);
    }
  }

  #stopFollowing(id: string): void {
    const timer = this.#following.get(id);
    if (timer !== undefined) clearInterval(timer);
    this.#following.delete(id);
  }

  /** One catch-up of a capture's summaries; a failure is logged, the next tick tries again. */
  #follow(id: string): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const run = this.#catchUp(id).finally(() => this.#catchUps.delete(run));
    this.#catchUps.add(run);
    return run;
  }

  async #catchUp(id: string): Promise<void> {
    try {
      const meta = await this.#options.acquisitions.get(id);
      const reader = await this.#options.acquisitions.openReader(id);
      try {
        await this.#update(id, meta, reader);
      } finally {
        await reader.close();
      }
    } catch (err) {
      this.#options.log.debug(`review: summaries of ${id} not extended: ${(err as Error).message}`);
    }
  }

  /** For tests and the benchmark: the samples one summary item of `level` covers. */
  static blockSamples(level: number): number {
    return blockSamplesOf(level);
  }
}
