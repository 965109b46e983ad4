/**
 * Capture review: a span of a capture's channels drawn at a given width, read from disk through min/max
 * summaries, with the trigger, segment boundaries, alarms and events inside the span. Works on finished
 * and running captures. docs/PROTOCOL.md ("Capture review") is the prose authority.
 */
import { z } from 'zod';
import { MAX_REQUEST_ID_LENGTH } from './constants.js';

const requestId = z.union([z.string().min(1).max(MAX_REQUEST_ID_LENGTH), z.number().int().safe()]).optional();

/** Widest review answered, pixel columns. */
export const REVIEW_MAX_PIXELS = 8192;
/** Most events one review reply carries (the newest are dropped past it; `events_truncated` says so). */
export const REVIEW_MAX_EVENTS = 500;

/** Answered by `acquisition_review` or `error` (not_found, out_of_range, invalid_config). */
export const reviewAcquisitionSchema = z.strictObject({
  type: z.literal('review_acquisition'),
  request_id: requestId,
  acquisition_id: z.string().min(1).max(64),
  /** Channel names, in the order wanted; default all. */
  channels: z.array(z.string().min(1).max(64)).min(1).max(8).optional(),
  /** First sample of the span; default 0. */
  from_sample: z.number().int().min(0).optional(),
  /** One past the last sample; default the samples on disk now. */
  to_sample: z.number().int().min(1).optional(),
  /** Pixel columns to draw the span at, 1..REVIEW_MAX_PIXELS. */
  pixels: z.number().int().min(1).max(REVIEW_MAX_PIXELS),
  /**
   * `binary`: send the reply as one binary frame of kind 4 (shared/codec/reviewFrame.ts) where this caller
   * accepted binary frames in `hello`; JSON otherwise (and by default).
   */
  encoding: z.enum(['json', 'binary']).optional(),
});

export const reviewCommandSchemas = { review_acquisition: reviewAcquisitionSchema } as const;

export type ReviewAcquisitionMessage = z.infer<typeof reviewAcquisitionSchema>;
export type ReviewCommandMessage = ReviewAcquisitionMessage;

export interface ReviewMarkers {
  /** Triggered captures: the trigger point (sample index), when inside the span. */
  trigger_sample?: number;
  /** Segment starts inside the span (after a pause or an outage), with the epoch ms of that sample. */
  segments: { sample: number; t0_ms: number }[];
  alarms: {
    sample: number;
    name: string;
    level: string;
    text: string;
    raised_ms: number;
    cleared_ms?: number;
  }[];
  events: { sample: number; level: string; kind: string; text: string; timestamp: number }[];
  events_truncated?: boolean;
}

/** One channel of a review: per column min and max (kind minmax) or one value per sample (kind samples). */
export interface ReviewChannel {
  name: string;
  unit: string;
  /** Per column; null where the column holds no number. Kind samples: the samples themselves. */
  min: (number | null)[];
  /** Per column (kind minmax); equal to `min` for kind samples. */
  max: (number | null)[];
}

export interface AcquisitionReviewMessage {
  type: 'acquisition_review';
  request_id?: string | number;
  acquisition_id: string;
  /** Samples on disk when answered (grows while the capture runs). */
  sample_count: number;
  sample_rate_hz: number;
  /** Epoch ms of sample 0 (absent before the capture started). */
  t0_ms?: number;
  running: boolean;
  from_sample: number;
  to_sample: number;
  /**
   * `samples`: the span has no more samples than pixels and every sample is sent (sample i at
   * from_sample + i). `minmax`: `pixels` columns, column i covering samples from
   * from_sample + floor(i × span / pixels) (edges exact to within one summary block).
   */
  kind: 'samples' | 'minmax';
  pixels: number;
  /** Summary level read (0: raw samples; l: blocks of 64^l samples). */
  level: number;
  channels: ReviewChannel[];
  markers: ReviewMarkers;
}

export type ReviewServerMessage = AcquisitionReviewMessage;
