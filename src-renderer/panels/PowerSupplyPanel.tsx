/** A power supply: its readings stream controls, per-channel readouts, and a trend chart per channel. */
import { useCallback } from 'react';
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import { useBench, useBenchState } from '../client/BenchContext';
import { streamKey } from '../connection/ConnectionManager';
import type { PsuReadingsFeed } from '../data/PsuReadingsFeed';
import { useAppStore } from '../store';
import { isPaired } from '../../shared/profiles/index';
import { AllOutputsOff } from './AllOutputsOff';
import { settingRange } from './psu/settingRange';
import { LiveValue } from './LiveValue';
import { PsuChannelControls } from './PsuChannelControls';
import { pairedChannels, PsuCoupling } from './psu/PsuCoupling';
import { isTripped, protectionState } from './psu/protectionState';
import { offeredProtection } from './psu/PsuProtection';
import { PsuTrendChart } from './PsuTrendChart';
import { TrendButton } from '../trends/TrendButton';
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
  /** While paired, the card is the combined output of this pair. */
  paired: { channels: readonly [number, number]; mode: 'series' | 'parallel' } | undefined;
}

function ChannelCard({
  instrument,
  channel,
  intervalMs,
  windowS,
  paired,
}: ChannelCardProps): React.JSX.Element {
  const bench = useBench();
  const feed = bench.feeds.psu(instrument.id);
  const info = instrument.channels[channel - 1]!;
  const instrumentSettings = useBenchState((s) => s.settings[instrument.id]);
  const coupling = instrumentSettings?.global.tracking_mode;
  const voltageMaxV = settingRange(instrument, 'voltage_set', channel, 0.01, coupling).max || info.max;
  const currentMaxA = settingRange(instrument, 'current_set', channel, 0.001, coupling).max || 3;
  const subscribe = useCallback((listener: () => void) => feed.subscribe(listener), [feed]);
  const latest = (): ReturnType<PsuReadingsFeed['latest']> => feed.latest(channel);
  const stale = useDisconnected(instrument.id);
  const protection = protectionState(
    instrumentSettings?.channels[channel],
    offeredProtection(instrument, channel),
  );
  const tripped = isTripped(protection);
  const name = paired ? paired.channels.map((c) => `CH${c}`).join('+') : info.name;
  return (
    <section
      className={['channel-card', stale && 'stale', tripped && 'tripped'].filter(Boolean).join(' ')}
      aria-label={name}
      data-testid={`psu-ch${channel}`}
      data-stale={stale}
      data-protection={protection}
    >
      <header>
        <h3>{name}</h3>
        {paired && (
          <span className="paired-note" data-testid={`psu-ch${channel}-paired`}>
            {paired.mode} (one output)
          </span>
        )}
        <span className="muted">
          0–{voltageMaxV} V · 0–{currentMaxA} A
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
      <div className="trend-picks" data-testid={`psu-ch${channel}-trends`}>
        <span className="muted">Trend over time:</span>
        {(['voltage', 'current', 'power'] as const).map((quantity) => (
          <TrendButton
            key={quantity}
            text={quantity}
            spec={{ equipmentId: instrument.id, channel: `CH${channel}`, quantity }}
          />
        ))}
      </div>
      <PsuTrendChart
        // The chart fixes its axes when created: pairing widens them, so it is made anew.
        key={paired?.mode ?? 'single'}
        feed={feed}
        channel={channel}
        windowS={windowS}
        maxVoltageV={voltageMaxV}
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
  const coupling = useBenchState((s) => s.settings[instrument.id]?.global.tracking_mode);
  const pair = pairedChannels(instrument, coupling);
  return (
    <section className="panel" aria-label={instrument.label} data-testid={`instrument-${instrument.id}`}>
      <header className="panel-header">
        <h2>
          {instrument.label}{' '}
          <span className="muted" title={[instrument.vendor, instrument.model].filter(Boolean).join(' ')}>
            {instrument.id}
          </span>
        </h2>
        <PsuCoupling instrument={instrument} />
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
        {instrument.channels.map((_, i) =>
          // A paired second output is part of the first's card: one output, one card.
          pair?.[1] === i + 1 ? null : (
            <ChannelCard
              key={i}
              instrument={instrument}
              channel={i + 1}
              intervalMs={intervalMs}
              windowS={windowS}
              paired={
                pair?.[0] === i + 1 && isPaired(coupling) ? { channels: pair, mode: coupling } : undefined
              }
            />
          ),
        )}
      </div>
    </section>
  );
}
