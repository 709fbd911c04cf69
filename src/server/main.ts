// The worker-log language server process: stdio when run by other editors (`--stdio`), IPC
// when VS Code's client starts it. All the work is in startServer.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
