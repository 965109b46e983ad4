/**
 * Capture review (issue 20): spans of a capture drawn from disk at screen resolution through min/max
 * summaries kept beside the capture. See docs/ARCHITECTURE.md, "Capture review".
 */
export {
  ReviewService,
  type ReviewRequest,
  type ReviewResult,
  type ReviewServiceOptions,
} from './ReviewService.js';
export {
  blockSamplesOf,
  decomposeSpan,
  emptyEnvelope,
  finishEnvelope,
  foldIntoColumns,
  levelForSpan,
  maxLevelFor,
  PYRAMID_FACTOR,
  reduceLevel,
  type SpanPiece,
  valuesPerItem,
} from './pyramid.js';
export { SUMMARY_DIR, SummaryFiles, type SummaryIdentity } from './SummaryFiles.js';
export { markersInSpan, sampleAtTime } from './markers.js';
