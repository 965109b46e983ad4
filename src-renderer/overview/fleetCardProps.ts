/**
 * The props the overview gives a fleet bench's card, taken from the follower's view, and when the card
 * must render again. The overview renders once per animation frame while any bench's records arrive, and
 * nearly every reading changes a supply's digits, so a card that rendered whenever its `live` changed
 * rendered every frame. Its digits (and its scope's measurement text) are written by the card itself
 * from the follower's view (LiveText, through `subscribeLive`); the card renders again only when what
 * React draws changes: the instruments' channels and modes, which values exist, alarms, captures,
 * records missed, or any other prop. No closure or object is made here, so a card whose bench did not
 * change gets the very same values.
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
  /** The overview's hearing of the follower, once per animation frame: the card's live text follows it. */
  subscribeLive(listener: () => void): () => void;
}

export function fleetCardProps(
  fleet: FleetView,
  info: FleetBenchInfo,
  follower: FleetFollower,
  onOpen: (bench: string) => void,
  subscribeLive: (listener: () => void) => () => void,
): FleetCardProps {
  return {
    info,
    live: fleet.live[info.bench],
    controller: fleet.controller,
    error: fleet.errors[info.bench],
    follower,
    onOpen,
    subscribeLive,
  };
}

function sameKeys(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!(key in b)) return false;
  return true;
}

/** Whether a card draws the same from `a` as from `b`, apart from the text it writes itself. */
export function sameCardShape(a: FleetBenchLive | undefined, b: FleetBenchLive | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (a.missingRecords !== b.missingRecords) return false;
  if (!sameKeys(a.measurements, b.measurements) || !sameKeys(a.captures, b.captures)) return false;
  if (!sameKeys(a.alarms, b.alarms)) return false;
  for (const id in a.alarms) if (a.alarms[id]!.name !== b.alarms[id]!.name) return false;
  if (!sameKeys(a.supplies, b.supplies)) return false;
  for (const id in a.supplies) {
    const before = a.supplies[id]!;
    const after = b.supplies[id]!;
    if (before.length !== after.length) return false;
    for (let i = 0; i < before.length; i++) {
      if (before[i]!.channel !== after[i]!.channel || before[i]!.mode !== after[i]!.mode) return false;
    }
  }
  return true;
}

/** React.memo's comparison for a fleet card: every prop the same, `live` the same in shape. */
export function sameFleetCardProps(a: FleetCardProps, b: FleetCardProps): boolean {
  return (
    a.info === b.info &&
    a.controller === b.controller &&
    a.error === b.error &&
    a.follower === b.follower &&
    a.onOpen === b.onOpen &&
    a.subscribeLive === b.subscribeLive &&
    sameCardShape(a.live, b.live)
  );
}

/** Whether the overview draws the same from `a` as from `b`: the fleet's list, and every card's shape. */
function sameOverviewShape(a: FleetView, b: FleetView): boolean {
  if (a.status !== b.status || a.controller !== b.controller) return false;
  if (a.benches !== b.benches || a.errors !== b.errors) return false;
  for (const info of b.benches) if (!sameCardShape(a.live[info.bench], b.live[info.bench])) return false;
  return true;
}

/**
 * The overview's `getSnapshot`: the follower's view, but the very same object as last time until
 * something the overview or a card draws changes — so a reading that changes only digits (written by
 * the cards' LiveText) renders nothing at all, not even the overview (its add-bench form and this
 * bench's card rendered again every frame). The cards' `live` props may then be older than the view,
 * never different in shape: everything newer they read from the view.
 */
export function overviewSnapshots(view: () => FleetView): () => FleetView {
  let last: FleetView | undefined;
  return () => {
    const now = view();
    if (last === undefined || (now !== last && !sameOverviewShape(last, now))) last = now;
    return last;
  };
}
