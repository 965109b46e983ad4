/**
 * The props the overview gives a fleet bench's card, taken from the follower's view. The card is memoised
 * (compared prop by prop with Object.is) and the overview renders once per animation frame while any
 * bench's records arrive, so every prop of a bench whose records did not change must be the very same
 * value as at the last render: no closure or object made here.
 */
import type { FleetBenchInfo } from '../../shared/protocol/fleetBridge';
import type { FleetFollower, FleetView } from '../fleet/FleetFollower';
import type { FleetBenchLive } from '../fleet/fleetLive';

export interface FleetCardProps {
  info: FleetBenchInfo;
  live: FleetBenchLive | undefined;
  controller: string | undefined;
  error: string | undefined;
  follower: FleetFollower;
  /** Opens a bench (by name) into the full panels. */
  onOpen(bench: string): void;
}

export function fleetCardProps(
  fleet: FleetView,
  info: FleetBenchInfo,
  follower: FleetFollower,
  onOpen: (bench: string) => void,
): FleetCardProps {
  return {
    info,
    live: fleet.live[info.bench],
    controller: fleet.controller,
    error: fleet.errors[info.bench],
    follower,
    onOpen,
  };
}
