/**
 * A second client of a served backend, as another dashboard or a script on the bench would be: it sends
 * one command and returns the reply. Specs use it for what the dashboard offers no control for (an OVP
 * level low enough to trip the output).
 */
import WebSocket from 'ws';
import { PROTOCOL_VERSION, WS_PATH } from '../../shared/protocol/constants';

/** Sends `command` (with a request id) from a fresh connection and resolves with the reply to it. */
export async function sendFromSideClient(
  dashboardUrl: string,
  command: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const url = new URL(dashboardUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  const ws = new WebSocket(`ws://${url.host}${WS_PATH}`);
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${String(command.type)} in 5 s`)), 5_000);
      ws.once('error', reject);
      ws.once('open', () =>
        ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, token, client: 'e2e-side' })),
      );
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        if (message.type === 'welcome') ws.send(JSON.stringify({ ...command, request_id: 'side-1' }));
        else if (message.request_id === 'side-1') {
          clearTimeout(timer);
          resolve(message);
        }
      });
    });
  } finally {
    ws.close();
  }
}
