/** What the pipeline needs of a log; the VS Code adapter redacts and writes to the output channel. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Who wrote a log line: `[client] …`, `[pipeline] …`; one tag per layer or surface. */
export type LogComponent = 'client' | 'pipeline' | 'chat' | 'commands' | 'key' | 'ui' | 'views' | (string & {});

/** A logger that prefixes every line with `[component] `, writing through `base` (which redacts). */
export function taggedLogger(base: Logger, component: LogComponent): Logger {
  const tag = `[${component}] `;
  return {
    trace: (message) => base.trace(tag + message),
    debug: (message) => base.debug(tag + message),
    info: (message) => base.info(tag + message),
    warn: (message) => base.warn(tag + message),
    error: (message) => base.error(tag + message),
  };
}
