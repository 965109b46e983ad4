/**
 * A fleet bench in the overview (reached through this dashboard's backend): online state, its
 * instruments' key values from its history records, a scope's latest traces (while the card is on screen), raised alarms, running captures, records missed; who
 * holds its control lease, "Take control" / "Hand over" / "Release"; and a supply's voltage setpoint,
 * enabled only while this dashboard holds the lease — an observer sees the values, the holder named.
 */
import { memo, useMemo, useState } from 'react';
import type { FleetFollower } from '../fleet/FleetFollower';
import type { SupplyChannelValue, SupplyMode } from '../benches/keyValues';
import { sameFleetCardProps, type FleetCardProps } from './fleetCardProps';
import { SupplyChannelRow, supplyRowText, type LiveDigits } from './InstrumentKeyValues';
import { FleetTraceThumbnail } from './FleetTraceThumbnail';
import { LiveText } from './LiveText';

function VoltageSetpoint({
  disabledReason,
  onSet,
  testId,
}: {
  disabledReason: string | undefined;
  onSet(voltageV: number): void;
  testId: string;
}): React.JSX.Element {
  const [text, setText] = useState('');
  const value = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(value) && value >= 0;
  return (
    <form
      className="kv-setpoint"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onSet(value);
      }}
      title={disabledReason}
    >
      <input
        type="number"
        step="0.01"
        min="0"
        placeholder="V"
        aria-label="Voltage setpoint, V"
        value={text}
        disabled={disabledReason !== undefined}
        onChange={(e) => setText(e.target.value)}
        data-testid={`${testId}-set-v`}
      />
      <button type="submit" disabled={disabledReason !== undefined || !valid} data-testid={`${testId}-set`}>
        Set
      </button>
    </form>
  );
}

const fail = (): void => {
  // The follower keeps the reason; the card shows it.
};

/** A supply channel's value in the follower's view now (the card's props may be older: see LiveText). */
function channelValue(
  follower: FleetFollower,
  bench: string,
  equipmentId: string,
  channel: number,
): SupplyChannelValue | undefined {
  return follower.view().live[bench]?.supplies[equipmentId]?.find((v) => v.channel === channel);
}

/**
 * One supply channel of a fleet card with its setpoint. Memoised on plain values, none of them the
 * digits: those the row writes itself each frame from the follower's view, so a reading renders nothing.
 */
const FleetSupplyRow = memo(function FleetSupplyRow({
  bench,
  equipmentId,
  channel,
  mode,
  controlBlocked,
  follower,
  subscribeLive,
  testId,
}: {
  bench: string;
  equipmentId: string;
  channel: number;
  mode: SupplyMode;
  controlBlocked: string | undefined;
  follower: FleetFollower;
  subscribeLive(listener: () => void): () => void;
  testId: string;
}): React.JSX.Element {
  const live = useMemo(
    (): LiveDigits => ({
      subscribe: subscribeLive,
      voltage: () => {
        const value = channelValue(follower, bench, equipmentId, channel);
        return value ? supplyRowText(value).voltageText : '';
      },
      current: () => {
        const value = channelValue(follower, bench, equipmentId, channel);
        return value ? supplyRowText(value).currentText : '';
      },
    }),
    [subscribeLive, follower, bench, equipmentId, channel],
  );
  return (
    <SupplyChannelRow channel={channel} live={live} mode={mode} testId={testId}>
      <VoltageSetpoint
        disabledReason={controlBlocked}
        testId={testId}
        onSet={(voltageV) =>
          follower
            .command(bench, {
              type: 'set_parameter',
              equipment_id: equipmentId,
              channel,
              parameter: 'voltage_set',
              value: voltageV,
            })
            .catch(fail)
        }
      />
    </SupplyChannelRow>
  );
});

/**
 * Memoised on what it draws (sameFleetCardProps): the fleet view changes whenever any bench's records
 * arrive, and a card renders again only when its bench's info, lease, instruments' channels and modes,
 * alarms or captures change — its digits and measurement text follow the records by themselves.
 */
export const FleetBenchCard = memo(function FleetBenchCard({
  info,
  live,
  controller,
  error,
  follower,
  onOpen,
  subscribeLive,
}: FleetCardProps): React.JSX.Element {
  const [handOverTo, setHandOverTo] = useState('');
  const holder = info.lease.holder;
  const ours = holder !== undefined && holder === controller;
  const controlBlocked = ours
    ? undefined
    : holder
      ? `Controlled by ${holder}: take control to change settings`
      : 'Take control to change settings';
  const testId = `fleet-card-${info.bench}`;
  const alarms = Object.values(live?.alarms ?? {});
  const captures = Object.keys(live?.captures ?? {}).length;

  return (
    <article className={`bench-card fleet phase-${info.online ? 'open' : 'closed'}`} data-testid={testId}>
      <header className="bench-card-head">
        <h3 title={info.bench}>{info.bench}</h3>
        <span
          className={`bench-badge phase-${info.online ? 'open' : 'closed'}`}
          data-testid={`${testId}-state`}
        >
          {info.online ? 'Online' : 'Offline'}
        </span>
      </header>
      <div className="bench-card-address muted">
        fleet bench
        {live && live.missingRecords > 0 && <span> · {live.missingRecords} records missed</span>}
        {!info.online &&
          ` · last seen ${new Date(info.last_seen).toLocaleTimeString(undefined, { hour12: false })}`}
      </div>
      <div className="bench-lease" data-testid={`${testId}-lease`}>
        {ours ? 'You control this bench' : holder ? `Controlled by ${holder}` : 'Nobody controls it'}
      </div>
      <ul className="kv-instruments">
        {info.equipment_ids.map((id) => {
          const supply = live?.supplies[id];
          const measurement = live?.measurements[id];
          return (
            <li key={id} className="kv-instrument" data-testid={`${testId}-${id}`}>
              <div className="kv-instrument-head">
                <strong>{id}</strong>
              </div>
              {supply && (
                <ul className="kv-channels">
                  {supply.map((v: SupplyChannelValue) => (
                    <FleetSupplyRow
                      key={v.channel}
                      bench={info.bench}
                      equipmentId={id}
                      channel={v.channel}
                      mode={v.mode}
                      controlBlocked={controlBlocked}
                      follower={follower}
                      subscribeLive={subscribeLive}
                      testId={`${testId}-${id}-ch${v.channel}`}
                    />
                  ))}
                </ul>
              )}
              {measurement && (
                <FleetTraceThumbnail
                  follower={follower}
                  bench={info.bench}
                  equipmentId={id}
                  testId={`${testId}-${id}-traces`}
                />
              )}
              {measurement && (
                <LiveText
                  className="kv-number"
                  testId={`${testId}-${id}-measurement`}
                  subscribe={subscribeLive}
                  read={() => {
                    const now = follower.view().live[info.bench]?.measurements[id] ?? measurement;
                    return `${now.label}: ${now.text}`;
                  }}
                />
              )}
              {!supply && !measurement && <span className="muted">no values yet</span>}
            </li>
          );
        })}
      </ul>
      {(alarms.length > 0 || captures > 0) && (
        <div className="bench-card-activity">
          {alarms.map((a) => (
            <span key={a.name} className="bench-alarm">
              ⚠ {a.name}
            </span>
          ))}
          {captures > 0 && (
            <span className="bench-captures">
              ● {captures} capture{captures === 1 ? '' : 's'} running
            </span>
          )}
        </div>
      )}
      {error && (
        <p className="bench-card-reason phase-refused" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
      <footer className="bench-card-actions">
        <button type="button" onClick={() => onOpen(info.bench)} data-testid={`${testId}-open`}>
          Open
        </button>
        {!ours && (
          <button
            type="button"
            className="primary"
            disabled={!info.online}
            onClick={() => follower.lease(info.bench, 'take').catch(fail)}
            data-testid={`${testId}-take`}
          >
            Take control
          </button>
        )}
        {ours && (
          <>
            <input
              className="hand-over-to"
              placeholder="controller id"
              aria-label="Hand over to controller id"
              value={handOverTo}
              onChange={(e) => setHandOverTo(e.target.value)}
            />
            <button
              type="button"
              disabled={handOverTo.trim() === ''}
              onClick={() => follower.lease(info.bench, 'hand_over', handOverTo.trim()).catch(fail)}
              data-testid={`${testId}-hand-over`}
            >
              Hand over
            </button>
            <button
              type="button"
              onClick={() => follower.lease(info.bench, 'release').catch(fail)}
              data-testid={`${testId}-release`}
            >
              Release
            </button>
          </>
        )}
      </footer>
    </article>
  );
}, sameFleetCardProps);
