import { describe, expect, it } from 'vitest';
import { EmulatorServer, isLoopback } from '../../../src-main/emulators/core/EmulatorServer.js';
import { dp832Emulator } from '../../../src-main/emulators/dp832/index.js';

describe('EmulatorServer binding', () => {
  it('counts only loopback addresses as loopback', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '::', '192.168.1.7', 'example.org', '128.0.0.1'].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('refuses to listen anywhere but loopback', async () => {
    await expect(EmulatorServer.start(dp832Emulator, { host: '0.0.0.0', port: 0 })).rejects.toThrow(
      'emulators listen on the loopback interface only (127.0.0.1 or ::1), not 0.0.0.0',
    );
  });

  it('says when its port is taken, and how to get a free one', async () => {
    const first = await EmulatorServer.start(dp832Emulator, { port: 0 });
    try {
      const { port } = first.address;
      await expect(EmulatorServer.start(dp832Emulator, { port })).rejects.toThrow(
        `dp832: port ${port} on 127.0.0.1 is already in use (try --port 0 for a free one)`,
      );
    } finally {
      await first.close();
    }
  });
});
