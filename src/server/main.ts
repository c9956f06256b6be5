/**
 * Entry of dist/server.js: the language server as the VS Code client starts
 * it (`--node-ipc`), or any editor (`--stdio`). `responsibility-lens lsp
 * --stdio` starts the same server from the CLI bundle (startStdioServer).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

/** The server on stdin/stdout; everything it logs goes to the client, never to stdout. */
export function startStdioServer(bundleDir: string): void {
  startServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout), { bundleDir });
}

/** The server on the transport named on the command line (--node-ipc, --stdio, --socket=…). */
export function startFromArguments(bundleDir: string): void {
  startServer(createConnection(ProposedFeatures.all), { bundleDir });
}
