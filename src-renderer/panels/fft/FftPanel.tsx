/**
 * The FFT view beside the scope display: the spectrum of one channel or math channel, computed by the
 * backend over the full record (`get_spectrum`) and reduced to this chart's width, in dBV or V rms, on a
 * linear or log frequency axis. Two frequency cursors (click: A, Shift+click: B) read the level there;
 * the peak readout is the backend's, interpolated between bins. A new spectrum is asked for only once
 * the last one has arrived, at most every REFRESH_MS, and only while the view is open.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { FFT_WINDOW_LABELS, FFT_WINDOWS, type FftWindow } from '../../../shared/dsp/fft/windows';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import type { SpectrumMessage } from '../../../shared/protocol/spectrum';
import { ChartFrame } from '../../charts/ChartFrame';
import { chartColors } from '../../charts/theme';
import { UPlotChart, type ChartSource } from '../../charts/UPlotChart';
import { useBench } from '../../client/BenchContext';
import { useAppStore } from '../../store';
import { useLatest } from '../../util/useLatest';
import { formatSi } from '../../util/si';
import { SelectSetting } from '../controls/SelectSetting';
import { ExportViewMenu } from '../export/ExportViewMenu';
import { Toggle } from '../controls/Toggle';
import { levelNear, levelsIn, type SpectrumUnit, spectrumVisibleData } from './spectrumView';
import './fft.css';

/** Shortest time between spectrum requests, ms: ten a second is more than a person reads. */
const REFRESH_MS = 100;
/** After a refusal (channel turned off, scope stopped with nothing), ask again this much later, ms. */
const RETRY_MS = 1_000;
const WIDTH_POINTS = 1_000;

export interface FftPanelProps {
  instrument: InstrumentInfo;
  /** Channels that can be analysed now: shown inputs and math channels that are on. */
  channels: string[];
  /** People's names for channels ("M1 = CH1 − CH2"); the channel name where absent. */
  labels: Record<string, string>;
}

interface Cursors {
  A: number | undefined;
  B: number | undefined;
}

export function FftPanel({ instrument, channels, labels }: FftPanelProps): React.JSX.Element {
  const bench = useBench();
  const theme = useAppStore((s) => s.preferences.theme);
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [window, setWindow] = useState<FftWindow>('hann');
  const [unit, setUnit] = useState<SpectrumUnit>('dBV');
  const [logFrequency, setLogFrequency] = useState(false);
  const [latest, setReply] = useState<SpectrumMessage | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [cursors, setCursors] = useState<Cursors>({ A: undefined, B: undefined });
  const replyRef = useRef<SpectrumMessage | undefined>(undefined);
  // Bumped on every spectrum received (or dropped): the chart redraws when it moves.
  const [version] = useState(() => ({ n: 0 }));
  const cursorsRef = useLatest(cursors);
  const unitRef = useLatest(unit);
  const chartRef = useRef<uPlot | undefined>(undefined);
  const channel = picked !== undefined && channels.includes(picked) ? picked : channels[0];

  useEffect(() => {
    if (!open || channel === undefined) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async (): Promise<void> => {
      const startedMs = Date.now();
      let waitMs = REFRESH_MS;
      try {
        const answer = await bench.connection.request<SpectrumMessage>({
          type: 'get_spectrum',
          equipment_id: instrument.id,
          channel,
          window,
          width: WIDTH_POINTS,
          log_frequency: logFrequency,
        });
        if (stopped) return;
        replyRef.current = answer;
        version.n++;
        setReply(answer);
        setError(undefined);
      } catch (err) {
        if (stopped) return;
        setError((err as Error).message);
        waitMs = RETRY_MS;
      }
      timer = setTimeout(() => void ask(), Math.max(0, waitMs - (Date.now() - startedMs)));
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
      // Another channel, window or axis: the spectrum shown does not belong to it.
      replyRef.current = undefined;
      version.n++;
    };
  }, [open, channel, window, logFrequency, bench, instrument.id, version]);

  useEffect(() => {
    chartRef.current?.redraw(false, false);
  }, [cursors]);

  const source = useMemo<ChartSource>(
    () => ({
      version: () => version.n,
      data: () => {
        const r = replyRef.current;
        if (!r) return [[], []] as unknown as uPlot.AlignedData;
        return [
          Float64Array.from(r.frequency_hz),
          levelsIn(r, unitRef.current),
        ] as unknown as uPlot.AlignedData;
      },
      latestTimestampMs: () => replyRef.current?.timestamp,
    }),
    [unitRef, version],
  );

  const options = useMemo(
    () =>
      (width: number, height: number): uPlot.Options => {
        const colors = chartColors();
        return {
          width,
          height,
          legend: { show: true, live: true },
          cursor: { drag: { x: true, y: false }, points: { show: false } },
          scales: { x: { time: false, distr: logFrequency ? 3 : 1 }, y: { auto: true } },
          axes: [
            {
              stroke: colors.axis,
              grid: { stroke: colors.grid },
              values: (_u, ticks) => ticks.map((t) => formatSi(t, 'Hz', 3)),
            },
            {
              stroke: colors.axis,
              grid: { stroke: colors.grid },
              label: unit === 'dBV' ? 'dBV' : 'V rms',
              labelSize: 14,
              size: 56,
            },
          ],
          series: [
            { label: 'Frequency', value: (_u, v) => (v == null ? '—' : formatSi(v, 'Hz')) },
            {
              label: unit === 'dBV' ? 'Level' : 'V rms',
              stroke: colors.channels[0],
              width: 1,
              points: { show: false },
              value: (_u, v) => (v == null ? '—' : unit === 'dBV' ? `${v.toFixed(2)} dBV` : formatSi(v, 'V')),
            },
          ],
          hooks: {
            ready: [
              (u) =>
                u.over.addEventListener('click', (e) => {
                  const f = u.posToVal(e.offsetX, 'x');
                  if (!(f > 0) || !Number.isFinite(f)) return;
                  setCursors((c) => (e.shiftKey ? { ...c, B: f } : { ...c, A: f }));
                }),
            ],
            draw: [(u) => drawCursors(u, cursorsRef.current, colors.cursor)],
          },
        };
      },
    [logFrequency, unit, cursorsRef],
  );

  const reply = latest?.channel === channel && latest?.window === window ? latest : undefined;
  const label = channel === undefined ? '' : (labels[channel] ?? channel);
  const clearCursors = (): void => setCursors({ A: undefined, B: undefined });
  const a = reply && cursors.A !== undefined ? levelNear(reply, cursors.A, unit) : undefined;
  const b = reply && cursors.B !== undefined ? levelNear(reply, cursors.B, unit) : undefined;
  const fmtLevel = (v: number): string => (unit === 'dBV' ? `${v.toFixed(2)} dBV` : formatSi(v, 'V'));

  return (
    <section className="fft-view" data-testid="fft-view" aria-label="FFT">
      <div className="fft-controls">
        <span className="fft-toggle">
          <span className="setting-label">FFT</span>
          <Toggle label="FFT" checked={open} testId="fft-open" onChange={setOpen} />
        </span>
        <SelectSetting<string>
          label="Channel"
          value={channel}
          choices={channels}
          format={(c) => labels[c] ?? c}
          testId="fft-channel"
          disabled={!open}
          onChange={(c) => {
            setPicked(c);
            clearCursors();
          }}
        />
        <SelectSetting<FftWindow>
          label="Window"
          value={window}
          choices={FFT_WINDOWS}
          format={(w) => FFT_WINDOW_LABELS[w]}
          testId="fft-window"
          disabled={!open}
          onChange={setWindow}
        />
        <SelectSetting<SpectrumUnit>
          label="Scale"
          value={unit}
          choices={['dBV', 'V'] as const}
          format={(u) => (u === 'dBV' ? 'dBV' : 'V rms')}
          testId="fft-unit"
          disabled={!open}
          onChange={setUnit}
        />
        <span className="fft-toggle">
          <span className="setting-label">Log frequency</span>
          <Toggle
            label="Log frequency"
            checked={logFrequency}
            testId="fft-log"
            disabled={!open}
            onChange={(on) => {
              setLogFrequency(on);
              clearCursors();
            }}
          />
        </span>
      </div>
      {open && (
        <>
          {error !== undefined && (
            <p className="fft-error" role="status" data-testid="fft-error">
              {error}
            </p>
          )}
          <ChartFrame
            chartId="fft-chart"
            caption={`${instrument.id} FFT ${label}`}
            defaultHeightPx={220}
            tools={
              <ExportViewMenu
                testIdPrefix="fft-export-view"
                getData={() =>
                  reply ? spectrumVisibleData(reply, unit, label, visibleRange(chartRef.current)) : undefined
                }
              />
            }
          >
            {(heightPx, onFrameChart) => (
              <UPlotChart
                options={options}
                source={source}
                heightPx={heightPx}
                recreateKey={`${theme}|${unit}|${logFrequency}`}
                testId="fft-chart"
                ariaLabel={`FFT of ${label}`}
                onChart={(chart) => {
                  chartRef.current = chart;
                  onFrameChart(chart);
                }}
              />
            )}
          </ChartFrame>
          <div className="fft-readout" data-testid="fft-readout">
            <span
              data-testid="fft-peak"
              data-frequency-hz={reply?.peak?.frequency_hz ?? ''}
              title="Interpolated between bins: parabola through the log levels of the highest bin and its neighbours"
            >
              Peak{' '}
              {reply?.peak
                ? `${formatSi(reply.peak.frequency_hz, 'Hz', 5)} ${fmtLevel(unit === 'dBV' ? reply.peak.dbv : reply.peak.rms_v)}`
                : '—'}
            </span>
            <span data-testid="fft-cursor-a">
              A {a ? `${formatSi(a.frequencyHz, 'Hz', 4)} ${fmtLevel(a.level)}` : '— (click)'}
            </span>
            <span data-testid="fft-cursor-b">
              B {b ? `${formatSi(b.frequencyHz, 'Hz', 4)} ${fmtLevel(b.level)}` : '— (Shift+click)'}
            </span>
            {a && b && (
              <span data-testid="fft-cursor-delta">
                Δf {formatSi(Math.abs(b.frequencyHz - a.frequencyHz), 'Hz', 4)}
              </span>
            )}
            {reply && (
              <span className="muted" data-testid="fft-resolution">
                {FFT_WINDOW_LABELS[reply.window]}, {reply.record_length} points → {reply.fft_size}-point FFT,
                bin {formatSi(reply.bin_hz, 'Hz', 3)}
              </span>
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** The x range the chart shows now (after a zoom), for "what you see". */
function visibleRange(chart: uPlot | undefined): { fromHz: number; toHz: number } | undefined {
  const x = chart?.scales.x;
  if (x?.min == null || x.max == null) return undefined;
  return { fromHz: x.min, toHz: x.max };
}

function drawCursors(u: uPlot, cursors: Cursors, color: string): void {
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.setLineDash([4, 4]);
  ctx.lineWidth = devicePixelRatio;
  for (const [name, f] of Object.entries(cursors) as [string, number | undefined][]) {
    if (f === undefined) continue;
    const x = u.valToPos(f, 'x', true);
    if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.fillStyle = color;
    ctx.fillText(name, x + 4, u.bbox.top + 12 * devicePixelRatio);
  }
  ctx.restore();
}
