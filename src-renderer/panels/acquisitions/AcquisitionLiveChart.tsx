/**
 * The selected capture, live: its recent samples from the live view (resumed from the last sample after
 * a reconnect), with the capture's samples, duration, actual rate and gaps in its file beside it, and
 * under it what the preview itself skipped (liveViewStats.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import type { AcquisitionSummary } from '../../../shared/protocol/acquisition';
import type { AcquisitionReviewMessage } from '../../../shared/protocol/review';
import { useBench } from '../../client/BenchContext';
import { ChartFrame } from '../../charts/ChartFrame';
import { chartColors } from '../../charts/theme';
import { clockTimeAxis, hoverTimeLabel } from '../../charts/timeAxis';
import { UPlotChart, type ChartSource } from '../../charts/UPlotChart';
import { useAppStore } from '../../store';
import { formatSi } from '../../util/si';
import { useLatest } from '../../util/useLatest';
import { previewNote, samplesMissingFromFile } from './liveViewStats';
import { fillPoints, mergePreview, type PreviewFillPoints } from './previewFill';
import { PreviewFillQueue } from './previewFillQueue';

/** Samples shown per live-view window: enough for a smooth trace, small enough for any capture rate. */
const VIEW_SAMPLES = 2_000;
/** Period of the live-view windows, ms. */
const VIEW_INTERVAL_MS = 100;
/** How often filling the stretches the preview skipped is started again when it is idle, ms. */
const FILL_INTERVAL_MS = 300;
/** Columns a skipped stretch is filled with at most (min and max each). */
const FILL_COLUMNS = 400;
/** Fills kept: as many as the feed remembers skips. */
const MAX_FILLS = 200;

export function AcquisitionLiveChart({
  acquisition,
}: {
  acquisition: AcquisitionSummary;
}): React.JSX.Element {
  const bench = useBench();
  const feed = bench.feeds.acquisition(acquisition);
  const theme = useAppStore((s) => s.preferences.theme);
  const [viewError, setViewError] = useState<string | undefined>(undefined);
  const [rateHz, setRateHz] = useState<number | undefined>(undefined);
  const live =
    acquisition.state === 'running' || acquisition.state === 'armed' || acquisition.state === 'paused';
  const id = acquisition.acquisition_id;

  useEffect(() => {
    if (bench.acquisitionViews.isViewing(id)) return;
    bench.acquisitionViews
      .start({ acquisition_id: id, interval_ms: VIEW_INTERVAL_MS, num_samples: VIEW_SAMPLES })
      .catch((err: Error) => setViewError(err.message));
    return () => void bench.acquisitionViews.stop(id).catch(() => {});
  }, [bench, id]);

  // Actual capture rate from the growth of samples_captured, measured over the last second or so.
  const captured = acquisition.samples_captured;
  useEffect(() => {
    if (!live) return;
    const start = {
      at: performance.now(),
      samples: bench.state.current().acquisitions[id]?.samples_captured ?? 0,
    };
    const timer = setInterval(() => {
      const now = bench.state.current().acquisitions[id]?.samples_captured ?? 0;
      const elapsedS = (performance.now() - start.at) / 1000;
      if (elapsedS > 0.5) setRateHz((now - start.samples) / elapsedS);
    }, 1_000);
    return () => clearInterval(timer);
  }, [bench, id, live]);

  // Stretches the preview skipped, filled from the file through capture review (previewFill.ts).
  const capture = useLatest(acquisition);
  const fills = useRef<{ version: number; points: PreviewFillPoints[] }>({ version: 0, points: [] });
  useEffect(() => {
    // One request at a time, newest stretch first (previewFillQueue.ts); the next goes as soon as a reply
    // comes, so fills keep pace with the backend's replies and never run ahead of them.
    const queue = new PreviewFillQueue();
    let ended = false;
    const pump = (): void => {
      const skip = ended ? undefined : queue.take(feed.skips, performance.now());
      if (skip === undefined) return;
      bench.connection
        .request<AcquisitionReviewMessage>({
          type: 'review_acquisition',
          acquisition_id: id,
          from_sample: skip.fromSample,
          to_sample: skip.toSample,
          pixels: Math.min(FILL_COLUMNS, skip.toSample - skip.fromSample),
        })
        .then(
          (reply) => {
            queue.filled(skip);
            const f = fills.current;
            f.points.push(fillPoints(reply, capture.current));
            if (f.points.length > MAX_FILLS) f.points.shift();
            f.version++;
            pump();
          },
          // Not on disk yet (the preview can run ahead of the file's last flush), or late: asked again later.
          () => queue.failed(skip, performance.now()),
        );
    };
    const timer = setInterval(pump, FILL_INTERVAL_MS);
    return () => {
      ended = true;
      clearInterval(timer);
    };
  }, [bench, feed, id, capture]);

  const source = useMemo<ChartSource>(
    () => ({
      version: () => feed.buffer.version + fills.current.version * 1_000_003,
      data: () =>
        mergePreview(feed.buffer.window(-Infinity), fills.current.points, {
          sample_rate: capture.current.sample_rate,
          segments: capture.current.segments,
        }) as uPlot.AlignedData,
      latestTimestampMs: () => {
        const t = feed.buffer.latestTimeS();
        return t === undefined ? undefined : t * 1000;
      },
    }),
    [feed, capture],
  );
  const options = useMemo(
    () =>
      (width: number, height: number): uPlot.Options => {
        const colors = chartColors();
        const palette = [...colors.channels, colors.voltage, colors.current, colors.axis, colors.grid];
        return {
          width,
          height,
          scales: { x: { time: true } },
          axes: [
            clockTimeAxis(colors.axis, colors.grid),
            { stroke: colors.axis, grid: { stroke: colors.grid }, size: 60 },
          ],
          series: [
            {
              label: 'Time',
              value: (_u: uPlot, t: number | null) =>
                t == null ? '—' : hoverTimeLabel(t, feed.sampleIntervalS || 1),
            },
            ...acquisition.channels.map((c, i) => ({
              label: `${c.name} (${c.unit})`,
              stroke: palette[i % palette.length],
              width: 1.25,
              points: { show: false },
              value: (_u: uPlot, v: number | null) => (v == null ? '—' : formatSi(v, c.unit)),
            })),
          ],
        };
      },
    [acquisition.channels, feed],
  );
  const missing = samplesMissingFromFile(acquisition);

  return (
    <div className="acq-live" data-testid="acq-live">
      <div className="acq-stats">
        <span>
          Samples <strong data-testid="acq-live-samples">{captured.toLocaleString()}</strong>
        </span>
        <span>Duration {formatSi(captured / acquisition.sample_rate, 's', 4)}</span>
        <span>Actual rate {live && rateHz !== undefined ? formatSi(rateHz, 'Sa/s', 4) : '—'}</span>
        <span
          title="Samples the capture accepted that its file does not hold (a capture writes every sample in order; only one ended by a fault can lose its unwritten tail)"
          data-testid="acq-file-gaps"
        >
          Gaps in file {missing.toLocaleString()}
        </span>
        <span>State {acquisition.state}</span>
        {viewError && <span className="setting-error">{viewError}</span>}
      </div>
      <ChartFrame chartId="acq-chart" caption={`${acquisition.name || id} live`} defaultHeightPx={220}>
        {(heightPx, onChart) => (
          <UPlotChart
            options={options}
            source={source}
            heightPx={heightPx}
            recreateKey={`${theme}|${id}`}
            testId="acq-chart"
            ariaLabel={`Live view of ${acquisition.name || id}`}
            onChart={onChart}
          />
        )}
      </ChartFrame>
      <p className="muted small" data-testid="acq-preview-note">
        {previewNote({
          skippedSamples: feed.previewSkippedSamples,
          windowSamples: VIEW_SAMPLES,
          intervalMs: VIEW_INTERVAL_MS,
        })}
      </p>
    </div>
  );
}
