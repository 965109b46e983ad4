/**
 * Where the backend is. In the desktop app the preload bridge says; in a browser the page was served by
 * the backend itself, and the token travels in the URL fragment (never sent to any server).
 */
import type { BackendEndpoint, BenchtopBridge } from '../../shared/bridge';
import { WS_PATH } from '../../shared/protocol/constants';

declare global {
  interface Window {
    benchtop?: BenchtopBridge;
  }
}

export class EndpointError extends Error {
  override name = 'EndpointError';
}

export function endpointFromLocation(
  location: Pick<Location, 'protocol' | 'host' | 'hash'>,
): BackendEndpoint {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('token');
  if (!token) {
    throw new EndpointError(
      'This page needs its access token: open the full URL that `npm run serve` printed.',
    );
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { url: `${scheme}//${location.host}${WS_PATH}`, token };
}

export async function resolveEndpoint(): Promise<BackendEndpoint> {
  if (window.benchtop) return window.benchtop.getBackendEndpoint();
  return endpointFromLocation(window.location);
}
