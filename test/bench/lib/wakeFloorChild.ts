/**
 * A bare TCP replier for scopeScpi's wake floor: no SCPI, no Benchtop code. Run as `node wakeFloorChild.ts
 * <replyLatencyMs>`; prints `{"port":N}` when listening, answers each chunk it receives with one short line
 * once `replyLatencyMs` have passed since it arrived (waited out on the check phase, as the emulator waits
 * out its last fraction), and ends when stdin ends.
 */
import net from 'node:net';

const latencyMs = Number(process.argv[2] ?? 2);
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('data', () => {
    const dueMs = performance.now() + latencyMs;
    const answer = (): void => {
      if (performance.now() >= dueMs) socket.write('0\n');
      else setImmediate(answer);
    };
    answer();
  });
  socket.on('error', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as net.AddressInfo;
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
