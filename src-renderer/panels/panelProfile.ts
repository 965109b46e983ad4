/**
 * Which panel shows an instrument: by the profile its catalog entry names (shared/profiles), or by its
 * `kind` from a backend that publishes no profile yet; anything else gets the generic panel.
 */
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import { PROFILES } from '../../shared/profiles';

export type PanelProfile = 'power_supply' | 'oscilloscope' | 'generic';

export function panelProfileOf(instrument: Pick<InstrumentInfo, 'profile' | 'kind'>): PanelProfile {
  const profile = instrument.profile ?? instrument.kind;
  if (!Object.hasOwn(PROFILES, profile)) return 'generic';
  return profile === 'power_supply' || profile === 'oscilloscope' ? profile : 'generic';
}
