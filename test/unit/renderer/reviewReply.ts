/** One small review reply (10 samples of CH1 at 1 kHz, 2 px) for the tests of its binary frame's way in. */
import type { AcquisitionReviewMessage } from '../../../shared/protocol/review';

export const REVIEW_REPLY: AcquisitionReviewMessage = {
  type: 'acquisition_review',
  acquisition_id: 'acq_a48e2486ca96',
  sample_count: 10,
  sample_rate_hz: 1_000,
  running: false,
  from_sample: 0,
  to_sample: 10,
  kind: 'samples',
  pixels: 2,
  level: 0,
  channels: [{ name: 'CH1', unit: 'V', min: [0.5, null], max: [0.5, null] }],
  markers: { segments: [], alarms: [], events: [] },
};
