// One line per invocation (function, trigger, duration, outcome), plus the app's own log lines.
import type { LogLevel } from './coreApi';

export interface InvocationLog {
  invocation(
    fn: string,
    trigger: string,
    durationMs: number,
    outcome: string,
    detail?: string,
    error?: unknown,
  ): void;
  user(fn: string, level: LogLevel, message: string): void;
  host(message: string): void;
}

const levelOrder: Record<string, number> = {
  trace: 0,
  debug: 1,
  information: 2,
  warning: 3,
  error: 4,
  critical: 5,
};

export function consoleInvocationLog(
  minimumLevel: string = process.env.DEVHOST_LOG_LEVEL ?? 'information',
): InvocationLog {
  const minimum = levelOrder[minimumLevel] ?? 2;
  const time = () => new Date().toISOString().slice(11, 23);
  return {
    invocation(fn, trigger, durationMs, outcome, detail, error) {
      const line = `${time()} ${outcome.padEnd(9)} ${fn} (${trigger}${detail ? ` ${detail}` : ''}) ${durationMs.toFixed(1)} ms`;
      if (error) console.error(`${line}: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
      else console.log(line);
    },
    user(fn, level, message) {
      if ((levelOrder[level] ?? 2) < minimum) return;
      const line = `${time()}   [${fn}] ${message}`;
      if (level === 'error' || level === 'critical') console.error(line);
      else if (level === 'warning') console.warn(line);
      else console.log(line);
    },
    host(message) {
      console.log(`${time()} devhost: ${message}`);
    },
  };
}
