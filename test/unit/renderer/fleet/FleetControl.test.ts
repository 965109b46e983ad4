/**
 * An opened fleet bench's lease as its panels see it: the holder from the fleet's reports, whether it is
 * this dashboard's backend, the bench's refusal kept for the lease bar, and why controls are disabled.
 */
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../../shared/protocol/server';
import { controlBlockedReason } from '../../../../src-renderer/client/benchControl';
import {
  RequestError,
  type ConnectionManager,
  type ConnectionState,
} from '../../../../src-renderer/connection/ConnectionManager';
import { HandlerRegistry } from '../../../../src-renderer/connection/HandlerRegistry';
import { FleetControl } from '../../../../src-renderer/fleet/FleetControl';
import { FleetFollower } from '../../../../src-renderer/fleet/FleetFollower';

const fleet = (holder: string | undefined): ServerMessage =>
  ({
    type: 'fleet',
    controller: 'dashboard-me',
    benches: [
      { bench: 'rig-1', online: true, last_seen: 1, equipment_ids: [], lease: holder ? { holder } : {} },
    ],
  }) as ServerMessage;

class Local {
  readonly handlers = new HandlerRegistry();
  /** Binary fleet waveforms: none in these scripts. */
  onFleetWaveform(): () => void {
    return () => undefined;
  }
  readonly state: ConnectionState = 'open';
  refuse = false;
  onStateChange(): () => void {
    return () => undefined;
  }
  request(command: Record<string, unknown>): Promise<ServerMessage> {
    if (command.type === 'get_fleet') return Promise.resolve(fleet('dashboard-alice'));
    if (command.type === 'fleet_lease' && this.refuse)
      return Promise.reject(new RequestError('lease_held', 'bench rig-1 is controlled by dashboard-alice'));
    if (command.type === 'fleet_lease')
      return Promise.resolve({
        type: 'fleet_lease',
        bench: 'rig-1',
        lease: command.action === 'take' ? { holder: 'dashboard-me' } : {},
      } as unknown as ServerMessage);
    return Promise.reject(new RequestError('not_found', 'nothing'));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('FleetControl', () => {
  it('names the holder, is refused in place, and is ours once taken', async () => {
    const local = new Local();
    const follower = new FleetFollower(local as unknown as ConnectionManager);
    follower.start();
    await settle();
    const control = new FleetControl('rig-1', follower);
    const first = control.view();
    expect(first).toEqual({ holder: 'dashboard-alice', ours: false, error: undefined });
    // The same object while nothing changed (useSyncExternalStore would loop otherwise).
    expect(control.view()).toBe(first);
    expect(controlBlockedReason(first)).toBe(
      'Controlled by dashboard-alice: take control to change settings',
    );

    local.refuse = true;
    await expect(control.take()).rejects.toMatchObject({ code: 'lease_held' });
    expect(control.view().error).toBe('bench rig-1 is controlled by dashboard-alice');

    local.refuse = false;
    await control.take();
    expect(control.view()).toEqual({ holder: 'dashboard-me', ours: true, error: undefined });
    expect(controlBlockedReason(control.view())).toBeUndefined();

    await control.release();
    expect(control.view()).toMatchObject({ holder: undefined, ours: false });
    expect(controlBlockedReason(control.view())).toBe('Take control of this bench to change its settings');
  });
});
