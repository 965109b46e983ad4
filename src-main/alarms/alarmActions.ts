/**
 * What a raised alarm does, once per raise. Outputs are switched off through the instrument's host — the
 * same serial command queue a person's `set_parameter` goes through, so an alarm's command waits its turn
 * behind (and never interleaves with) anyone else's — and every change is journaled as `setting_changed`
 * "by alarm <name>". An action only ever switches outputs off; nothing here can switch one on.
 */
import type { AlarmDefinition, EventMessage } from '../../shared/protocol/index.js';
import type { AcquisitionService } from '../acquisition/index.js';
import type { InstrumentHost, InstrumentRegistry } from '../instruments/index.js';
import type { Logger } from '../util/index.js';
import { OUTPUT_PARAMETER, outputChannels } from './validateAlarm.js';

export interface ActionContext {
  registry: InstrumentRegistry;
  acquisitions: AcquisitionService | undefined;
  emitEvent(event: EventMessage): void;
  log: Logger;
  nowMs(): number;
  /** Timeout of each instrument command, ms. */
  timeoutMs: number;
}

export async function runAlarmAction(alarm: AlarmDefinition, ctx: ActionContext): Promise<void> {
  const action = alarm.action;
  switch (action.kind) {
    case 'notify':
      return;
    case 'outputs_off': {
      const targets =
        action.scope === 'bench'
          ? ctx.registry.all().filter((h) => outputChannels(h.capabilities()).length > 0)
          : [ctx.registry.get(action.equipment_id ?? alarm.equipment_id)];
      await Promise.all(
        targets.map((host) => switchOff(alarm, host, ctx, action.equipment_id ?? alarm.equipment_id)),
      );
      return;
    }
    case 'stop_acquisition':
      return stopCaptures(alarm, action.acquisition_id, ctx);
  }
}

/** Every output channel of one supply off, one command at a time through its host. */
async function switchOff(
  alarm: AlarmDefinition,
  host: InstrumentHost | undefined,
  ctx: ActionContext,
  wantedId: string,
): Promise<void> {
  if (host === undefined) {
    return failed(alarm, ctx, wantedId, `outputs off: no instrument "${wantedId}" (it was removed)`);
  }
  for (const channel of outputChannels(host.capabilities())) {
    try {
      const value = await host.setParameter(OUTPUT_PARAMETER, false, channel, { timeoutMs: ctx.timeoutMs });
      ctx.emitEvent({
        type: 'event',
        level: 'info',
        kind: 'setting_changed',
        equipment_id: host.id,
        channel,
        message: `${host.id} CH${channel} ${OUTPUT_PARAMETER} = ${String(value)} by alarm "${alarm.name}"`,
        details: {
          parameter: OUTPUT_PARAMETER,
          value,
          by: 'alarm',
          alarm_id: alarm.id,
          alarm_name: alarm.name,
        },
        timestamp: ctx.nowMs(),
      });
    } catch (err) {
      failed(alarm, ctx, host.id, `outputs off: ${host.id} CH${channel}: ${(err as Error).message}`, channel);
    }
  }
}

/** The named capture, or every one recording (running or paused), stopped. */
async function stopCaptures(
  alarm: AlarmDefinition,
  acquisitionId: string | undefined,
  ctx: ActionContext,
): Promise<void> {
  const acquisitions = ctx.acquisitions;
  if (acquisitions === undefined) {
    return failed(alarm, ctx, alarm.equipment_id, 'stop acquisition: this backend keeps no acquisitions');
  }
  const all = await acquisitions.list();
  const targets = all.filter((m) =>
    acquisitionId === undefined
      ? m.state === 'running' || m.state === 'paused'
      : m.acquisition_id === acquisitionId &&
        (m.state === 'running' || m.state === 'paused' || m.state === 'armed'),
  );
  for (const meta of targets) {
    try {
      await acquisitions.stop(meta.acquisition_id);
      ctx.emitEvent({
        type: 'event',
        level: 'info',
        kind: 'acquisition_stopped_by_alarm',
        equipment_id: meta.equipment_id,
        message: `acquisition ${meta.acquisition_id}${meta.name ? ` "${meta.name}"` : ''} stopped by alarm "${alarm.name}"`,
        details: {
          acquisition_id: meta.acquisition_id,
          by: 'alarm',
          alarm_id: alarm.id,
          alarm_name: alarm.name,
        },
        timestamp: ctx.nowMs(),
      });
    } catch (err) {
      failed(
        alarm,
        ctx,
        meta.equipment_id,
        `stop acquisition ${meta.acquisition_id}: ${(err as Error).message}`,
      );
    }
  }
}

function failed(
  alarm: AlarmDefinition,
  ctx: ActionContext,
  equipmentId: string,
  message: string,
  channel?: number,
): void {
  ctx.log.warn(`alarm "${alarm.name}": ${message}`);
  ctx.emitEvent({
    type: 'event',
    level: 'error',
    kind: 'alarm_action_failed',
    equipment_id: equipmentId,
    channel,
    message: `alarm "${alarm.name}": ${message}`,
    details: { alarm_id: alarm.id, alarm_name: alarm.name, action: alarm.action },
    timestamp: ctx.nowMs(),
  });
}
