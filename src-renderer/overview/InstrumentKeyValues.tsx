/**
 * One instrument's line on a bench card: its online state, and for a supply each channel's V, I and
 * mode, for a scope its trigger state, main measurement and (while a waveform stream runs) its traces — read from the bench's feeds (outside React,
 * at most once per animation frame, re-rendered only when the shown text changes).
 */
import { memo, useMemo } from 'react';
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import {
  mainMeasurement,
  supplyChannelValue,
  type SupplyChannelValue,
  type SupplyMode,
} from '../benches/keyValues';
import { useBench, useBenchState } from '../client/BenchContext';
import { panelProfileOf } from '../panels/panelProfile';
import { useFeedValue } from '../panels/useFeedValue';
import { frameBatched } from '../util/frameBatched';
import { formatSi } from '../util/si';
import { FeedTraceSource } from '../charts/feedTraceSource';
import { TraceThumbnail } from '../charts/TraceThumbnail';
import { FLEET_THUMBNAIL_HEIGHT_PX } from './FleetTraceThumbnail';
import { LiveText } from './LiveText';

/**
 * Memoised on the shown text, not the reading: noise changes a reading's numbers at 100 Hz while its
 * 4-digit text changes less often, and a row whose text is unchanged need not render at all.
 */
export const SupplyChannelRow = memo(function SupplyChannelRow({
  channel,
  voltageText,
  currentText,
  live,
  mode,
  testId,
  children,
}: {
  channel: number;
  /** The shown digits (give `live` instead for digits the row writes itself). */
  voltageText?: string;
  currentText?: string;
  /** Readers of the shown digits, written by the row itself whenever `subscribe` calls (LiveText). */
  live?: LiveDigits;
  mode: SupplyMode;
  testId: string;
  /** Controls shown at the end of the row (a fleet card's setpoint); give a stable element to keep the memo. */
  children?: React.ReactNode;
}): React.JSX.Element {
  // The digits sit in a box of fixed size (overview.css, .kv-digits) so that a changed digit is laid out
  // within it, not the card or the grid.
  return (
    <li className="kv-channel" data-testid={testId}>
      <span className="kv-name">CH{channel}</span>
      <span className="kv-number" data-testid={`${testId}-v`}>
        {live ? (
          <LiveText className="kv-digits" subscribe={live.subscribe} read={live.voltage} />
        ) : (
          <span className="kv-digits">{voltageText}</span>
        )}
      </span>
      <span className="kv-number">
        {live ? (
          <LiveText className="kv-digits" subscribe={live.subscribe} read={live.current} />
        ) : (
          <span className="kv-digits">{currentText}</span>
        )}
      </span>
      <span className={`kv-mode mode-${mode}`} data-testid={`${testId}-mode`}>
        {mode === 'unregulated' ? '—' : mode}
      </span>
      {children}
    </li>
  );
});

/** A supply row's digits as it reads them itself (a fleet card's: from the follower's view). */
export interface LiveDigits {
  subscribe(listener: () => void): () => void;
  voltage(): string;
  current(): string;
}

/** What a supply channel's row shows: the props of SupplyChannelRow for a reading. */
export function supplyRowText(value: SupplyChannelValue): {
  channel: number;
  voltageText: string;
  currentText: string;
  mode: SupplyMode;
} {
  return {
    channel: value.channel,
    voltageText: formatSi(value.voltageV, 'V'),
    currentText: formatSi(value.currentA, 'A'),
    mode: value.mode,
  };
}

function SupplyValues({
  instrument,
  testId,
}: {
  instrument: InstrumentInfo;
  testId: string;
}): React.JSX.Element {
  const feed = useBench().feeds.psu(instrument.id);
  const channels = instrument.channels.map((_, i) => i + 1);
  // Read at most once per animation frame (readings come at up to 100 Hz per bench, and noise changes
  // their text nearly every time), and a string, so React re-renders only when a shown value changes.
  const subscribe = useMemo(() => frameBatched((l) => feed.subscribe(l)), [feed]);
  const text = useFeedValue(subscribe, () =>
    JSON.stringify(
      channels.flatMap((c) => {
        const r = feed.latest(c);
        return r ? [supplyChannelValue(r)] : [];
      }),
    ),
  );
  const values = JSON.parse(text) as SupplyChannelValue[];
  if (values.length === 0) return <span className="muted">no readings yet</span>;
  return (
    <ul className="kv-channels">
      {values.map((v) => (
        <SupplyChannelRow key={v.channel} {...supplyRowText(v)} testId={`${testId}-ch${v.channel}`} />
      ))}
    </ul>
  );
}

function ScopeValues({
  instrument,
  testId,
}: {
  instrument: InstrumentInfo;
  testId: string;
}): React.JSX.Element {
  const feeds = useBench().feeds;
  const feed = feeds.measurements(instrument.id);
  const waveforms = feeds.waveform(instrument.id);
  const traces = useMemo(() => new FeedTraceSource(waveforms), [waveforms]);
  // Whether a waveform stream has delivered (started in the bench's panels, or remembered): the overview
  // does not start one of its own, a full trace stream being far heavier than the card's values.
  const onRecord = useMemo(() => frameBatched((l) => waveforms.subscribe(l)), [waveforms]);
  const hasTrace = useFeedValue(onRecord, () => waveforms.records > 0);
  const trigger = useBenchState((s) => s.settings[instrument.id]?.global.trigger_state);
  const subscribe = useMemo(() => frameBatched((l) => feed.subscribe(l)), [feed]);
  const main = useFeedValue(subscribe, () => {
    const m = mainMeasurement(feed.latest());
    return m ? `${m.label}: ${m.text}` : undefined;
  });
  return (
    <span className="kv-scope">
      <span className="kv-trigger" data-testid={`${testId}-trigger`}>
        {typeof trigger === 'string' ? `Trigger: ${trigger}` : 'Trigger: —'}
      </span>
      <span className="kv-number" data-testid={`${testId}-measurement`}>
        {main ?? 'no measurement yet'}
      </span>
      {hasTrace && (
        <span className="kv-thumbnail">
          <TraceThumbnail
            source={traces}
            heightPx={FLEET_THUMBNAIL_HEIGHT_PX}
            testId={`${testId}-traces`}
            ariaLabel={`${instrument.label} traces`}
          />
        </span>
      )}
    </span>
  );
}

export function InstrumentKeyValues({
  instrument,
  testId,
}: {
  instrument: InstrumentInfo;
  testId: string;
}): React.JSX.Element {
  const profile = panelProfileOf(instrument);
  return (
    <li className="kv-instrument" data-testid={testId}>
      <div className="kv-instrument-head">
        <span className={`kv-dot state-${instrument.state}`} aria-hidden="true" />
        <strong>{instrument.label}</strong>
        <span className="muted">{instrument.state === 'online' ? instrument.model : instrument.state}</span>
      </div>
      {instrument.state === 'online' && profile === 'power_supply' && (
        <SupplyValues instrument={instrument} testId={testId} />
      )}
      {instrument.state === 'online' && profile === 'oscilloscope' && (
        <ScopeValues instrument={instrument} testId={testId} />
      )}
    </li>
  );
}
