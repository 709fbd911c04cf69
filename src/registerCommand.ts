// The one way commands are registered: errors become a message the user can act on and a
// line in the extension's log, never an unhandled rejection. The message is not awaited, so
// a command never hangs on a notification nobody clicks.
import * as vscode from 'vscode';
import { inBackground } from './background';
import { log } from './log';

export type CommandHandler = (...args: never[]) => unknown;

/** An error whose message offers the user a next step. */
export class ActionableError extends Error {
  constructor(
    message: string,
    readonly actions: { title: string; command: string; args?: unknown[] }[],
  ) {
    super(message);
  }
}

export function registerCommand(context: vscode.ExtensionContext, id: string, handler: CommandHandler): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await (handler as (...a: unknown[]) => unknown)(...args);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        log.error(`${id} failed: ${e instanceof Error && e.stack ? e.stack : message}`);
        const actions = e instanceof ActionableError ? e.actions : [];
        void vscode.window.showErrorMessage(`Worker Logs: ${message}`, ...actions.map((a) => a.title), 'Show Log').then((choice) => {
          const action = actions.find((a) => a.title === choice);
          if (action) inBackground(vscode.commands.executeCommand(action.command, ...(action.args ?? [])), action.title);
          else if (choice === 'Show Log') log.show();
        });
        return undefined;
      }
    }),
  );
}
