/**
 * A port for a test that stops its server and starts it again on the same port, as a person restarting a
 * backend on a fixed port does.
 *
 * Port 0 hands out a port from the OS's ephemeral range, and once the first server closes, that port is
 * back in the pool for every listen(0) and every outgoing connection on the machine: a test file running
 * in parallel took it between a stop and the restart (`listen EADDRINUSE 127.0.0.1:44061` in a CI run).
 * A port below the ephemeral range is never handed out that way, so between the stop and the restart only
 * another fixed-port user could take it; each test picks its own at random.
 */
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';

/** Linux's default ephemeral range starts here; macOS and Windows start at 49152. */
const FALLBACK_EPHEMERAL_LOW = 32_768;
/** Below this are the ports of well-known services and development servers (3000, 5173, 8080 ...). */
const LOWEST = 10_000;

/** The first port of the ephemeral range on this machine. */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST ? low : FALLBACK_EPHEMERAL_LOW;
  } catch {
    return FALLBACK_EPHEMERAL_LOW;
  }
}

function free(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => {
      const bound = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(bound === port));
    });
  });
}

/** A port free on `host` now, below the ephemeral range: one to start on, stop and start on again. */
export async function restartablePort(host = '127.0.0.1'): Promise<number> {
  const high = ephemeralLow();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (high - LOWEST));
    if (await free(port, host)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${high} on ${host} in 50 tries`);
}
