import type { Logger } from '../core/log';

/**
 * A log on stderr (stdout carries results, or the MCP protocol). Warnings and errors always; info and
 * debug lines with `verbose`.
 */
export function stderrLogger(verbose: boolean, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const quiet = () => undefined;
  return {
    trace: quiet,
    debug: verbose ? (message) => write(`pictor: ${message}`) : quiet,
    info: verbose ? (message) => write(`pictor: ${message}`) : quiet,
    warn: (message) => write(`pictor: warning: ${message}`),
    error: (message) => write(`pictor: error: ${message}`),
  };
}
