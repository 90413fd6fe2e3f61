import * as vscode from 'vscode';
import { taggedLogger, type LogComponent, type Logger } from '../core/log';
import { redact } from '../core/redact';

/** The "Pictor" log channel; every line passes through redaction of the current key(s). */
export class PictorLog implements Logger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private secrets: string[] = [];

  constructor() {
    this.channel = vscode.window.createOutputChannel('Pictor', { log: true });
  }

  /** Keys to scrub from every line (the stored one and any from the environment). */
  setSecrets(secrets: Array<string | undefined>): void {
    this.secrets = secrets.filter((s): s is string => !!s);
  }

  private clean(message: string): string {
    return redact(message, this.secrets);
  }

  trace(message: string): void {
    this.channel.trace(this.clean(message));
  }
  debug(message: string): void {
    this.channel.debug(this.clean(message));
  }
  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  error(message: string): void {
    this.channel.error(this.clean(message));
  }

  /** The same channel with `[component] ` before every line, so a line says which part wrote it. */
  for(component: LogComponent): Logger {
    return taggedLogger(this, component);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
