// The extension's one output channel ("GPU Worker Logs", a LogOutputChannel).
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function createLog(): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel('GPU Worker Logs', { log: true });
  return channel;
}

export const log = {
  info: (message: string, ...args: unknown[]): void => channel?.info(message, ...args),
  warn: (message: string, ...args: unknown[]): void => channel?.warn(message, ...args),
  error: (message: string | Error, ...args: unknown[]): void => channel?.error(message, ...args),
  debug: (message: string, ...args: unknown[]): void => channel?.debug(message, ...args),
  show: (): void => channel?.show(true),
};
