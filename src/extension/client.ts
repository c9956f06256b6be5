/**
 * The language client: starts the server (dist/server.js) in its own Node
 * process and lets vscode-languageclient turn its diagnostics, hovers, code
 * actions and CodeLens into VS Code's. Nothing here analyses anything.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../protocol/messages';
import { Commands } from './commands';
import { log } from './log';

/** The files the server is told about (and so analyses). */
export const SELECTOR: DocumentSelector = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  { pattern: '**/*.template' },
  // Dockerfiles, .env files and Spring .properties (by language, and by name where another language may own the file).
  { language: 'dockerfile' },
  { language: 'dotenv' },
  { language: 'properties' },
  { pattern: '**/{Dockerfile,Containerfile}{,.*}' },
  { pattern: '**/*.{Dockerfile,dockerfile,Containerfile,containerfile}' },
  { pattern: '**/{.env,.env.*,*.env}' },
  { pattern: '**/{application,bootstrap}*.properties' },
  // Terraform by file name: the `terraform` language id belongs to whichever Terraform extension is installed, if any.
  { language: 'terraform' },
  { pattern: '**/*.tf' },
  { pattern: '**/*.tf.json' },
  // Bicep by language (the Bicep extension's ids) and by name; `.bicepparam` files are parameters files.
  { language: 'bicep' },
  { language: 'bicep-params' },
  { pattern: '**/*.{bicep,bicepparam}' },
];

export function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const initializationOptions: InitializationOptions = { themeIcons: true, trusted: vscode.workspace.isTrusted, hoverDetailsLink: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    diagnosticCollectionName: 'responsibilityLens',
    initializationOptions,
    outputChannel: leveledChannel(),
    // Hover cards are built from workspace text: never trusted, no HTML.
    markdown: { isTrusted: false, supportHtml: false },
    middleware: {
      // Owner badges use $(account), $(cloud) and $(organization); the only command a card may run is its own "Details" link.
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        for (const content of hover?.contents ?? []) {
          if (!(content instanceof vscode.MarkdownString)) continue;
          content.supportThemeIcons = true;
          content.isTrusted = { enabledCommands: [Commands.showHoverDetails] };
        }
        return hover;
      },
    },
  };
  return new LanguageClient('responsibilityLens', 'Responsibility Lens', serverOptions, clientOptions);
}

/**
 * The client writes the server's log lines as "[Debug - 10:00:00] …"; this
 * channel passes each to the "Responsibility Lens" log at its own level, so
 * the user's choice of level applies to the server's timings too.
 */
function leveledChannel(): vscode.OutputChannel {
  const channel = log();
  const write = (line: string) => {
    const match = /^\[(Trace|Debug|Info|Warn|Error)\s*- [^\]]*\] ([\s\S]*)$/.exec(line);
    const text = match ? match[2] : line;
    switch (match?.[1]) {
      case 'Trace':
        return channel.trace(text);
      case 'Debug':
        return channel.debug(text);
      case 'Warn':
        return channel.warn(text);
      case 'Error':
        return channel.error(text);
      default:
        return channel.info(text);
    }
  };
  return {
    name: channel.name,
    append: write,
    appendLine: write,
    replace: write,
    clear: () => channel.clear(),
    show: (...args: unknown[]) => channel.show(args[0] === true || args[1] === true),
    hide: () => channel.hide(),
    dispose: () => undefined,
  };
}
