/**
 * A Chromium trace and a CPU profile over the DevTools protocol, with no other domain enabled: the
 * Network domain would copy every WebSocket frame to this client (see chromiumProbe.ts). The trace is
 * taken on the browser target (every process: renderer, GPU, browser, network service), the profile on
 * the page's target. Used by fleetPixel when BENCH_TRACE_S is set.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import type { TraceEvent } from './frameCost.js';

/** The timeline's own categories plus raster and GPU work, which happen outside the renderer's main thread. */
export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'toplevel',
  'blink',
  'cc',
  'gpu',
  'viz',
  'v8',
  '__metadata',
];

/** The DevTools port and browser path from the DevToolsActivePort file `--remote-debugging-port=0` writes. */
async function activePort(profileDir: string, timeoutMs: number): Promise<{ port: string; wsPath: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const [port, wsPath] = (await readFile(path.join(profileDir, 'DevToolsActivePort'), 'utf8')).split(
        '\n',
      );
      if (port && wsPath) return { port, wsPath };
    } catch {
      // not written yet
    }
    if (Date.now() > deadline)
      throw new Error(`no DevToolsActivePort in ${profileDir} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** One DevTools connection: commands with replies, and events by method. */
async function connect(url: string): Promise<{
  send(method: string, params?: object): Promise<Record<string, unknown>>;
  on(method: string, listener: (params: Record<string, unknown>) => void): void;
  close(): void;
}> {
  const socket = new WebSocket(url, { maxPayload: 1 << 30 });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const replies = new Map<number, (message: CdpMessage) => void>();
  const listeners = new Map<string, (params: Record<string, unknown>) => void>();
  socket.on('message', (raw: Buffer) => {
    const message = JSON.parse(raw.toString('utf8')) as CdpMessage;
    if (message.id !== undefined) replies.get(message.id)?.(message);
    else if (message.method) listeners.get(message.method)?.(message.params ?? {});
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        replies.set(id, (reply) =>
          reply.error ? reject(new Error(`${method}: ${reply.error.message}`)) : resolve(reply.result ?? {}),
        );
        socket.send(JSON.stringify({ id, method, params }));
      }),
    on: (method, listener) => listeners.set(method, listener),
    close: () => socket.close(),
  };
}

/** Records `durationMs` of the browser's trace (every process) and returns its events. */
export async function traceChromium(profileDir: string, durationMs: number): Promise<TraceEvent[]> {
  const { port, wsPath } = await activePort(profileDir, 10_000);
  const cdp = await connect(`ws://127.0.0.1:${port}${wsPath}`);
  const events: TraceEvent[] = [];
  let complete!: () => void;
  const completed = new Promise<void>((resolve) => (complete = resolve));
  cdp.on('Tracing.dataCollected', (params) => events.push(...(params.value as TraceEvent[])));
  cdp.on('Tracing.tracingComplete', () => complete());
  try {
    await cdp.send('Tracing.start', {
      transferMode: 'ReportEvents',
      traceConfig: { recordMode: 'recordContinuously', includedCategories: TRACE_CATEGORIES },
    });
    await new Promise((r) => setTimeout(r, durationMs));
    await cdp.send('Tracing.end');
    await completed;
    return events;
  } finally {
    cdp.close();
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** A CPU profile of the page's main thread over `durationMs`: self time by function, % of the samples. */
/**
 * The page's main-thread profile over `durationMs`: the `top` functions by self time, one a line. With
 * `keepFile`, the whole profile is also written there (a .cpuprofile: DevTools opens it, and inclusive
 * times per function can be read from it).
 */
export async function profilePage(
  profileDir: string,
  durationMs: number,
  top = 20,
  keepFile?: string,
): Promise<string> {
  const { port } = await activePort(profileDir, 10_000);
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    type: string;
    webSocketDebuggerUrl: string;
  }[];
  const page = targets.find((t) => t.type === 'page');
  if (!page) throw new Error('no page target to profile');
  const cdp = await connect(page.webSocketDebuggerUrl);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    await new Promise((r) => setTimeout(r, durationMs));
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
    if (keepFile) await writeFile(keepFile, JSON.stringify(profile));
    const byFunction = new Map<string, number>();
    let total = 0;
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber } = node.callFrame;
      const key = url
        ? `${functionName || '(anonymous)'} ${path.basename(url)}:${lineNumber + 1}`
        : functionName;
      byFunction.set(key, (byFunction.get(key) ?? 0) + (node.hitCount ?? 0));
      total += node.hitCount ?? 0;
    }
    return [...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => `${((100 * hits) / total).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  } finally {
    cdp.close();
  }
}
