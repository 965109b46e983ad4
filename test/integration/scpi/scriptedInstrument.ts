/** A raw TCP server on 127.0.0.1:0 that answers each received line through a test's script. */
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export interface ScriptedInstrument {
  port: number;
  /** Every line received, in order. */
  received: string[];
  close(): Promise<void>;
}

export async function startScriptedInstrument(
  answer: (line: string, socket: Socket) => void,
): Promise<ScriptedInstrument> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let input = '';
    socket.on('data', (chunk) => {
      input += chunk.toString('latin1');
      let nl: number;
      while ((nl = input.indexOf('\n')) >= 0) {
        const line = input.slice(0, nl);
        input = input.slice(nl + 1);
        received.push(line);
        answer(line, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
