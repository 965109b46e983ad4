/** Opens a raw-socket SCPI link: connect with a time limit, Nagle off, errors in words a person can act on. */
import { connect } from 'node:net';
import { DriverError } from '../../InstrumentDriver.js';
import type { TcpEndpoint } from '../../tcpEndpoint.js';
import type { ScpiPacing } from './pacing.js';
import { DEFAULT_PACING } from './pacing.js';
import type { TcpScpiPortDeps } from './TcpScpiPort.js';
import { describeSocketError, TcpScpiPort } from './TcpScpiPort.js';

/** "192.168.1.7:5555", "[::1]:5025". */
export function formatAddress({ host, port }: TcpEndpoint): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Connects to `endpoint` and resolves with its port. Rejects DriverError('disconnected') when refused or
 * unreachable, DriverError('timeout') when nothing answers within `pacing.connectTimeoutMs`, and with the
 * signal's reason (or a timeout) when `signal` aborts.
 */
export function openScpiPort(
  endpoint: TcpEndpoint,
  pacing: Partial<ScpiPacing> = {},
  signal?: AbortSignal,
  deps: TcpScpiPortDeps = {},
): Promise<TcpScpiPort> {
  const resolved: ScpiPacing = { ...DEFAULT_PACING, ...pacing };
  const address = formatAddress(endpoint);
  const host = endpoint.host.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: endpoint.port, noDelay: true });
    const fail = (error: DriverError): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onError = (err: NodeJS.ErrnoException): void => fail(describeSocketError(address, err));
    const onAbort = (): void =>
      fail(
        signal?.reason instanceof DriverError
          ? signal.reason
          : new DriverError(`connecting to ${address} was cancelled`, 'timeout'),
      );
    const timer = setTimeout(
      () =>
        fail(
          new DriverError(
            `${address} did not accept a connection within ${resolved.connectTimeoutMs} ms`,
            'timeout',
          ),
        ),
      resolved.connectTimeoutMs,
    );
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      cleanup();
      socket.setKeepAlive(true, 5_000);
      resolve(new TcpScpiPort(socket, address, resolved, deps));
    });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
