// The one way commands are registered: errors become a message the user can act on and a
// line in the extension's log, never an unhandled rejection.
import * as vscode from 'vscode';
import { log } from './log';

export type CommandHandler = (...args: never[]) => unknown;

export function registerCommand(context: vscode.ExtensionContext, id: string, handler: CommandHandler): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await (handler as (...a: unknown[]) => unknown)(...args);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        log.error(`${id} failed: ${e instanceof Error && e.stack ? e.stack : message}`);
        const choice = await vscode.window.showErrorMessage(`Worker Logs: ${message}`, 'Show Log');
        if (choice === 'Show Log') log.show();
        return undefined;
      }
    }),
  );
}
