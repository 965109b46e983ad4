/**
 * The panel of an instrument whose profile the dashboard does not know: its parameters as a validated
 * form (instrument-wide, then per channel) and its streams with their latest values. Built from the
 * catalog alone, so any driver is usable before it has a panel of its own.
 */
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { useBench, useBenchState } from '../../client/BenchContext';
import { StreamControls } from '../StreamControls';
import { ParameterControl } from './ParameterControl';
import { StreamValues } from './StreamValues';
import { useControlBlocked } from '../../client/benchControl';

export function GenericPanel({ instrument }: { instrument: InstrumentInfo }): React.JSX.Element {
  const bench = useBench();
  const settings = useBenchState((s) => s.settings[instrument.id]);
  const connected = useBenchState((s) => s.connection.state === 'open');
  // A fleet bench's controls work for the holder of its lease only; the lease bar says who holds it.
  const blocked = useControlBlocked() !== undefined;
  const report = (err: Error): void =>
    bench.state.addEvent({
      type: 'event',
      level: 'error',
      kind: 'command_failed',
      equipment_id: instrument.id,
      message: err.message,
      timestamp: Date.now(),
    });
  const global = instrument.parameters.filter((p) => p.channel === undefined);
  const channels = [
    ...new Set(instrument.parameters.flatMap((p) => (p.channel === undefined ? [] : [p.channel]))),
  ];
  const controls = (channel: number | undefined) =>
    instrument.parameters
      .filter((p) => p.channel === channel)
      .map((p) => (
        <ParameterControl
          key={p.name}
          instrument={instrument}
          parameter={p}
          value={channel === undefined ? settings?.global[p.name] : settings?.channels[channel]?.[p.name]}
          disabled={!connected || settings === undefined || blocked}
          onError={report}
        />
      ));
  return (
    <section className="panel" aria-label={instrument.label} data-testid={`instrument-${instrument.id}`}>
      <header className="panel-header">
        <h2>
          {instrument.label} <span className="muted">{instrument.id}</span>
        </h2>
        <span className="muted">
          {[instrument.vendor, instrument.model].filter(Boolean).join(' ')}
          {instrument.profile ? ` · profile ${instrument.profile}` : ''}
        </span>
      </header>
      {instrument.streams.map((stream) => (
        <div key={stream.stream_type} className="generic-stream">
          <StreamControls
            spec={{ equipment_id: instrument.id, stream_type: stream.stream_type }}
            minIntervalMs={stream.min_interval_ms}
            defaultRate={Math.max(stream.min_interval_ms, 100)}
            testIdPrefix={`${instrument.id}-${stream.stream_type}`}
            label={stream.stream_type}
          />
          {stream.encodings.includes('json') && (
            <StreamValues
              streamKey={`${instrument.id}/${stream.stream_type}/*`}
              testId={`${instrument.id}-${stream.stream_type}-values`}
            />
          )}
        </div>
      ))}
      <div className="generic-parameters">
        {global.length > 0 && (
          <fieldset className="generic-group">
            <legend>Instrument</legend>
            {controls(undefined)}
          </fieldset>
        )}
        {channels.map((channel) => (
          <fieldset key={channel} className="generic-group" data-testid={`${instrument.id}-ch${channel}`}>
            <legend>{instrument.channels[channel - 1]?.name ?? `CH${channel}`}</legend>
            {controls(channel)}
          </fieldset>
        ))}
      </div>
    </section>
  );
}
