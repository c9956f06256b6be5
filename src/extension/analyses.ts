/** Caches one analysis per open document version, so hovers never re-parse. */
import * as vscode from 'vscode';
import { analyze } from '../core';
import { applyConfig, type OrgConfig } from '../core/engine/config';
import type { Analysis } from '../core/types';
import { elapsed, log } from './log';
import { SiblingSnapshots } from './siblings';

export const SELECTOR: vscode.DocumentSelector = [
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
];

export class Analyses implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; analysis: Analysis }>();
  /** The files beside a document that its analysis reads (Terraform variables, tfvars, locals). */
  readonly siblings = new SiblingSnapshots();
  private readonly stale = new vscode.EventEmitter<vscode.Uri[]>();
  /** Fires with open documents whose analysis went stale because a file beside them changed. */
  readonly onDidGoStale = this.stale.event;
  private readonly subscriptions = [
    vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())),
    this.siblings.onDidChange((folder) => {
      const prefix = `${folder.toString().replace(/\/$/, '')}/`;
      const stale = vscode.workspace.textDocuments.filter((document) => {
        const key = document.uri.toString();
        return key.startsWith(prefix) && !key.slice(prefix.length).includes('/');
      });
      for (const document of stale) this.cache.delete(document.uri.toString());
      if (stale.length) this.stale.fire(stale.map((document) => document.uri));
    }),
    this.siblings,
    this.stale,
  ];

  /** `configFor` gives the organisation config that applies to a file (see config.ts). */
  constructor(private readonly configFor: (uri: vscode.Uri) => OrgConfig | undefined = () => undefined) {}

  /** Drops every cached analysis, e.g. when the organisation config changed. */
  invalidate(): void {
    this.cache.clear();
  }

  static applies(document: vscode.TextDocument): boolean {
    return vscode.languages.match(SELECTOR, document) > 0 && document.uri.scheme !== 'output';
  }

  get(document: vscode.TextDocument): Analysis {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.analysis;
    const start = performance.now();
    const siblings = this.siblings.siblingsFor(document);
    const analysis = applyConfig(analyze(document.getText(), nameForAnalysis(document), siblings && { siblings }), this.configFor(document.uri));
    if (analysis.kind) log().debug(`analysed ${document.uri.toString(true)} v${document.version} (${analysis.kind}): ${analysis.settings.length} settings, ${analysis.findings.length} findings in ${elapsed(start)}`);
    else log().trace(`not ours: ${document.uri.toString(true)} (${elapsed(start)})`);
    this.cache.set(key, { version: document.version, analysis });
    return analysis;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.cache.clear();
  }
}

const EXTENSION_BY_LANGUAGE: Record<string, string> = { yaml: '.yaml', json: '.json', jsonc: '.json' };

/** Formats are chosen by file name; an untitled buffer is named after its language. */
function nameForAnalysis(document: vscode.TextDocument): string {
  if (!document.isUntitled) return document.fileName;
  return `${document.fileName}${EXTENSION_BY_LANGUAGE[document.languageId] ?? ''}`;
}
