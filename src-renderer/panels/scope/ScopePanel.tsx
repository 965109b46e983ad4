/**
 * The oscilloscope: live waveform display with trigger marker and cursors, front-panel controls, and
 * the measurements table. Waveforms arrive as binary frames decimated by the server to the display width.
 */
import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { useBench, useBenchState } from '../../client/BenchContext';
import { chartColors } from '../../charts/theme';
import { streamKey } from '../../connection/ConnectionManager';
import { StaleNote, useDisconnected } from '../StaleNote';
import { StreamControls } from '../StreamControls';
import { ChannelScaleLabels } from './ChannelScaleLabels';
import { CursorReadout } from './CursorReadout';
import { MeasurementsTable } from './MeasurementsTable';
import { MeasurementStatsTable } from './MeasurementStatsTable';
import { ExportViewMenu } from '../export/ExportViewMenu';
import { ScopeChannelControls } from './ScopeChannelControls';
import { ScopeChart, type ScopeCursors } from './ScopeChart';
import { ScopeControls } from './ScopeControls';
import { MathControls } from './MathControls';
import { mathTraces, mathUnits } from './mathSettings';
import { FftPanel } from '../fft/FftPanel';
import { clampDivisions } from './scopeGeometry';
import { scopeSnapshotLegend } from './scopeSnapshotLegend';
import { scopeVisibleData } from './scopeVisibleData';
import { useControlBlocked } from '../../client/benchControl';

/** Points across the display: the server sends min/max pairs for this many buckets. */
const DISPLAY_WIDTH = 1200;
const NO_CURSORS: ScopeCursors = { A: undefined, B: undefined, Y1: undefined, Y2: undefined };
/** How often the trigger state is re-read while the display is live, ms. */
const TRIGGER_POLL_MS = 500;

export function ScopePanel({ instrument }: { instrument: InstrumentInfo }): React.JSX.Element {
  const bench = useBench();
  const settings = useBenchState((s) => s.settings[instrument.id]);
  const connected = useBenchState((s) => s.connection.state === 'open');
  // A fleet bench's controls work for the holder of its lease only; the lease bar says who holds it.
  const blocked = useControlBlocked() !== undefined;
  const addEvent = bench.state.addEvent.bind(bench.state);
  const waveformSpec = { equipment_id: instrument.id, stream_type: 'waveform', width: DISPLAY_WIDTH };
  const measurementsSpec = { equipment_id: instrument.id, stream_type: 'measurements' };
  const live = useBenchState((s) => s.streams[streamKey(waveformSpec)])?.status === 'running';
  const [cursors, setCursors] = useState<ScopeCursors>(NO_CURSORS);
  /** The channel the cursors' ΔV is read on (undefined: the trigger source). */
  const [cursorChannel, setCursorChannel] = useState<number | undefined>(undefined);
  const feed = bench.feeds.waveform(instrument.id);
  const chartRef = useRef<uPlot | undefined>(undefined);
  const channelCount = instrument.channels.length;
  const waveformStream = instrument.streams.find((s) => s.stream_type === 'waveform');
  const measurementsStream = instrument.streams.find((s) => s.stream_type === 'measurements');

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void bench.refreshSettings(instrument.id), TRIGGER_POLL_MS);
    return () => clearInterval(timer);
  }, [bench, live, instrument.id]);

  const onError = (err: Error): void =>
    addEvent({
      type: 'event',
      level: 'error',
      kind: 'command_failed',
      equipment_id: instrument.id,
      message: err.message,
      timestamp: Date.now(),
    });
  const g = settings?.global ?? {};
  const triggerChannel = Number(String(g.trigger_source ?? 'CH1').replace('CH', '')) || 1;
  const scales = Array.from({ length: channelCount }, (_, i) => {
    const c = settings?.channels[i + 1];
    return {
      voltsPerDiv: typeof c?.volts_per_div === 'number' && c.volts_per_div > 0 ? c.volts_per_div : 1,
      offsetV: typeof c?.offset === 'number' ? c.offset : 0,
    };
  });
  const enabled = Array.from({ length: channelCount }, (_, i) => settings?.channels[i + 1]?.enabled === true);
  const shownChannels = enabled.flatMap((on, i) => (on ? [i + 1] : []));
  const readoutChannel =
    cursorChannel !== undefined && enabled[cursorChannel - 1]
      ? cursorChannel
      : (shownChannels[0] ?? triggerChannel);
  const timebaseS = typeof g.timebase === 'number' ? g.timebase : undefined;
  const math = mathTraces(g);
  const disabled = !connected || !settings || blocked;
  const stale = useDisconnected(instrument.id);

  return (
    <section
      className={stale ? 'panel stale' : 'panel'}
      aria-label={instrument.label}
      data-testid={`instrument-${instrument.id}`}
    >
      <header className="panel-header">
        <h2>
          {instrument.label}{' '}
          <span className="muted" title={[instrument.vendor, instrument.model].filter(Boolean).join(' ')}>
            {instrument.id}
          </span>
        </h2>
        <div className="stream-rows">
          {waveformStream && (
            <StreamControls
              spec={waveformSpec}
              label="Waveform"
              minIntervalMs={waveformStream.min_interval_ms}
              defaultRate="display"
              offerDisplayRate
              testIdPrefix="scope-waveform"
            />
          )}
          {measurementsStream && (
            <StreamControls
              spec={measurementsSpec}
              label="Measurements"
              minIntervalMs={measurementsStream.min_interval_ms}
              defaultRate={500}
              testIdPrefix="scope-measurements"
            />
          )}
        </div>
      </header>
      <ScopeControls instrument={instrument} settings={settings} disabled={disabled} onError={onError} />
      <div className="scope-body">
        <div className={stale ? 'scope-display stale' : 'scope-display'} data-stale={stale}>
          <StaleNote
            equipmentId={instrument.id}
            lastReceivedMs={() => feed.lastReceivedMs}
            testId="scope-waveform-stale"
          />
          <ScopeChart
            feed={feed}
            scales={scales}
            enabled={enabled}
            math={math}
            timebaseS={timebaseS}
            triggerChannel={triggerChannel}
            triggerLevelV={typeof g.trigger_level === 'number' ? g.trigger_level : 0}
            cursors={cursors}
            onTriggerLevel={(level) =>
              void bench.setParameter(instrument.id, 'trigger_level', Number(level.toFixed(3))).catch(onError)
            }
            onCursor={(which, t) => setCursors((c) => ({ ...c, [which]: t }))}
            onLevelCursor={(which, d) =>
              setCursors((c) => ({ ...c, [which]: d === undefined ? undefined : clampDivisions(d) }))
            }
            onChart={(chart) => (chartRef.current = chart)}
            tools={
              <ExportViewMenu
                testIdPrefix="scope-export-view"
                getData={() =>
                  scopeVisibleData({
                    view: feed.view(),
                    xMinS: chartRef.current?.scales.x?.min ?? undefined,
                    xMaxS: chartRef.current?.scales.x?.max ?? undefined,
                    enabled,
                    math,
                    instrument,
                    settings,
                    benchId: bench.benchId,
                  })
                }
              />
            }
            snapshotLegend={() =>
              scopeSnapshotLegend({
                global: g,
                channels: settings?.channels ?? {},
                channelCount,
                colors: chartColors().channels,
                cursorA: cursors.A,
                cursorB: cursors.B,
              })
            }
          />
          <ChannelScaleLabels
            scales={scales}
            enabled={enabled}
            math={math}
            timebaseS={timebaseS}
            triggerPosition={typeof g.trigger_position === 'number' ? g.trigger_position : undefined}
            holdoffS={typeof g.trigger_holdoff === 'number' ? g.trigger_holdoff : undefined}
          />
          <CursorReadout
            feed={feed}
            scales={scales}
            channels={shownChannels.length > 0 ? shownChannels : [triggerChannel]}
            channel={readoutChannel}
            onChannel={setCursorChannel}
            cursors={cursors}
            onCursor={(which, t) => setCursors((c) => ({ ...c, [which]: t }))}
            onLevelCursor={(which, d) =>
              setCursors((c) => ({ ...c, [which]: d === undefined ? undefined : clampDivisions(d) }))
            }
            onClear={() => setCursors(NO_CURSORS)}
          />
        </div>
        <div className="scope-channels">
          {Array.from({ length: channelCount }, (_, i) => (
            <ScopeChannelControls
              key={i}
              instrument={instrument}
              channel={i + 1}
              settings={settings}
              disabled={disabled}
              onError={onError}
            />
          ))}
          {math.map((m, i) => (
            <MathControls
              key={`m${i}`}
              instrument={instrument}
              index={i + 1}
              settings={settings}
              unit={m.unit}
              disabled={disabled}
              onError={onError}
            />
          ))}
        </div>
      </div>
      <FftPanel
        instrument={instrument}
        channels={[
          ...shownChannels.map((n) => `CH${n}`),
          ...math.flatMap((m, i) => (m.on ? [`M${i + 1}`] : [])),
        ]}
        labels={Object.fromEntries(math.map((m, i) => [`M${i + 1}`, m.label]))}
      />
      <MeasurementsTable feed={bench.feeds.measurements(instrument.id)} channelUnits={mathUnits(math)} />
      <MeasurementStatsTable feed={bench.feeds.measurements(instrument.id)} />
    </section>
  );
}
