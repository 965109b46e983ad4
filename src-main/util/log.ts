/**
 * The backend's logger: leveled lines on stderr, so stdout stays free for the one line a user needs
 * (the URL). Secrets are redacted by value before anything is written.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
  /** Never write this value, wherever it appears (the per-launch token). */
  redact(secret: string): void;
}

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const secrets: string[] = [];
  const scrub = (text: string): string => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
  const emit = (at: LogLevel, message: string, rest: unknown[]): void => {
    if (ORDER[at] < ORDER[level]) return;
    const extra = rest.map((r) =>
      r instanceof Error ? (r.stack ?? r.message) : typeof r === 'string' ? r : JSON.stringify(r),
    );
    write(scrub(`${new Date().toISOString()} ${at.toUpperCase()} ${[message, ...extra].join(' ')}`) + '\n');
  };
  return {
    debug: (m, ...r) => emit('debug', m, r),
    info: (m, ...r) => emit('info', m, r),
    warn: (m, ...r) => emit('warn', m, r),
    error: (m, ...r) => emit('error', m, r),
    redact: (secret) => {
      if (secret) secrets.push(secret);
    },
  };
}

/** A logger that writes nothing, for tests. */
export const silentLogger: Logger = createLogger('silent');
