/**
 * The reported DS1000Z quirk as an option: a query that arrives within `windowMs` of a write gets no
 * reply. Wraps an instrument's own commands (the core's common commands are not affected).
 */
import type { Clock } from '../../util/index.js';
import type { CommandDefinition } from '../core/types.js';

export function withLostQueriesAfterWrites(
  commands: readonly CommandDefinition[],
  windowMs: number,
  clock: Clock,
): CommandDefinition[] {
  if (windowMs <= 0) return [...commands];
  let lastWriteMs = Number.NEGATIVE_INFINITY;
  return commands.map((command) => {
    const query = command.pattern.endsWith('?');
    return {
      ...command,
      run: (context) => {
        const nowMs = clock.nowMs();
        if (!query) {
          lastWriteMs = nowMs;
          return command.run(context);
        }
        return nowMs - lastWriteMs < windowMs ? undefined : command.run(context);
      },
    };
  });
}
