/** A power supply: its readings stream controls, per-channel readouts, and a trend chart per channel. */
import { useCallback } from 'react';
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import { useBench, useBenchState } from '../client/BenchContext';
import { streamKey } from '../connection/ConnectionManager';
import type { PsuReadingsFeed } from '../data/PsuReadingsFeed';
import { useAppStore } from '../store';
import { AllOutputsOff } from './AllOutputsOff';
import { LiveValue } from './LiveValue';
import { PsuChannelControls } from './PsuChannelControls';
import { PsuTrendChart } from './PsuTrendChart';
import { StaleNote, useDisconnected } from './StaleNote';
import { StreamControls } from './StreamControls';
import { useFeedValue } from './useFeedValue';

const DEFAULT_INTERVAL_MS = 100;

function ModeBadge({ feed, channel }: { feed: PsuReadingsFeed; channel: number }): React.JSX.Element {
  const subscribe = useCallback((listener: () => void) => feed.subscribe(listener), [feed]);
  const mode = useFeedValue(subscribe, () => {
    const r = feed.latest(channel);
    return r === undefined ? '—' : !r.output_enabled ? 'OFF' : r.in_cc_mode ? 'CC' : 'CV';
  });
  return (
    <span className={`mode-badge mode-${mode}`} data-testid={`psu-ch${channel}-mode`} title="Regulation mode">
      {mode}
    </span>
  );
}

interface ChannelCardProps {
  instrument: InstrumentInfo;
  channel: number;
  intervalMs: number;
  windowS: number;
}

function ChannelCard({ instrument, channel, intervalMs, windowS }: ChannelCardProps): React.JSX.Element {
  const bench = useBench();
  const feed = bench.feeds.psu(instrument.id);
  const info = instrument.channels[channel - 1]!;
  const currentMaxA =
    instrument.parameters.find((p) => p.name === 'current_set' && p.channel === channel)?.max ?? 3;
  const subscribe = useCallback((listener: () => void) => feed.subscribe(listener), [feed]);
  const latest = (): ReturnType<PsuReadingsFeed['latest']> => feed.latest(channel);
  const stale = useDisconnected(instrument.id);
  return (
    <section
      className={stale ? 'channel-card stale' : 'channel-card'}
      aria-label={info.name}
      data-testid={`psu-ch${channel}`}
      data-stale={stale}
    >
      <header>
        <h3>{info.name}</h3>
        <span className="muted">
          0–{info.max} V · 0–{currentMaxA} A
        </span>
        <StaleNote
          equipmentId={instrument.id}
          lastReceivedMs={() => feed.lastReceivedMs}
          testId={`psu-ch${channel}-stale`}
        />
        <ModeBadge feed={feed} channel={channel} />
      </header>
      <PsuChannelControls instrument={instrument} channel={channel} />
      <div className="readouts">
        <LiveValue
          label={`${info.name} voltage`}
          subscribe={subscribe}
          read={() => latest()?.voltage_actual}
          digits={3}
          unit="V"
          testId={`psu-ch${channel}-voltage`}
        />
        <LiveValue
          label={`${info.name} current`}
          subscribe={subscribe}
          read={() => latest()?.current_actual}
          digits={4}
          unit="A"
          testId={`psu-ch${channel}-current`}
        />
        <LiveValue
          label={`${info.name} power`}
          subscribe={subscribe}
          read={() => latest()?.power}
          digits={3}
          unit="W"
          testId={`psu-ch${channel}-power`}
        />
      </div>
      <PsuTrendChart
        feed={feed}
        channel={channel}
        windowS={windowS}
        maxVoltageV={info.max}
        maxCurrentA={currentMaxA}
        intervalMs={intervalMs}
      />
    </section>
  );
}

export function PowerSupplyPanel({ instrument }: { instrument: InstrumentInfo }): React.JSX.Element {
  const stream = instrument.streams.find((s) => s.stream_type === 'readings');
  const spec = { equipment_id: instrument.id, stream_type: 'readings' };
  const entry = useBenchState((s) => s.streams[streamKey(spec)]);
  const intervalMs = entry?.intervalMs ?? DEFAULT_INTERVAL_MS;
  const windowS = useAppStore((s) => s.preferences.trendWindowS);
  return (
    <section className="panel" aria-label={instrument.label} data-testid={`instrument-${instrument.id}`}>
      <header className="panel-header">
        <h2>
          {instrument.label}{' '}
          <span className="muted" title={[instrument.vendor, instrument.model].filter(Boolean).join(' ')}>
            {instrument.id}
          </span>
        </h2>
        <AllOutputsOff instrument={instrument} />
        {stream && (
          <StreamControls
            spec={spec}
            minIntervalMs={stream.min_interval_ms}
            defaultRate={DEFAULT_INTERVAL_MS}
            testIdPrefix="psu-readings"
          />
        )}
      </header>
      <div className="channel-grid">
        {instrument.channels.map((_, i) => (
          <ChannelCard
            key={i}
            instrument={instrument}
            channel={i + 1}
            intervalMs={intervalMs}
            windowS={windowS}
          />
        ))}
      </div>
    </section>
  );
}
