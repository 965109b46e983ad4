/**
 * Whether the sidebar is folded to a rail: as the person last chose, else folded on windows narrower than
 * SIDEBAR_AUTO_FOLD_PX so the instrument panels keep their width (1280×720, 1024×768 laptops).
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../store';

/** Below this window width (CSS px) the sidebar starts folded unless the person opened it. */
export const SIDEBAR_AUTO_FOLD_PX = 1366;

const query = `(max-width: ${SIDEBAR_AUTO_FOLD_PX - 1}px)`;

export function useSidebarCollapsed(): [collapsed: boolean, toggle: () => void] {
  const chosen = useAppStore((s) => s.preferences.sidebarCollapsed);
  const setPreference = useAppStore((s) => s.setPreference);
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const media = window.matchMedia(query);
    const onChange = (): void => setNarrow(media.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  const collapsed = chosen ?? narrow;
  return [collapsed, () => setPreference('sidebarCollapsed', !collapsed)];
}
