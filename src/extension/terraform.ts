/**
 * The Terraform parser is WebAssembly, loaded once and only when a Terraform
 * file is first opened (or already open at activation), never at activation
 * otherwise. Until it is ready a `.tf` file's analysis is a note; when it is,
 * `onReady` re-analyses the open files.
 */
import * as vscode from 'vscode';
import { formatsReady, isTerraformFileName, prepareFormats } from '../core';
import { elapsed, log } from './log';

export function isTerraformDocument(document: vscode.TextDocument): boolean {
  return isTerraformFileName(document.fileName);
}

export class TerraformParser implements vscode.Disposable {
  private loading: Promise<void> | undefined;
  private readonly subscription: vscode.Disposable;

  /** `wasmDir` holds tree-sitter.wasm and tree-sitter-terraform.wasm (esbuild.mjs copies them next to the bundle). */
  constructor(
    private readonly wasmDir: string,
    private readonly onReady: () => void,
  ) {
    this.subscription = vscode.workspace.onDidOpenTextDocument((document) => {
      if (isTerraformDocument(document)) void this.load();
    });
    if (vscode.workspace.textDocuments.some(isTerraformDocument)) void this.load();
  }

  /** Starts the load (once); resolves when the parser is ready, also when it failed (the failure is logged). */
  load(): Promise<void> {
    if (formatsReady()) return Promise.resolve();
    if (!this.loading) {
      const start = performance.now();
      this.loading = prepareFormats(this.wasmDir).then(
        () => {
          log().info(`Terraform parser loaded in ${elapsed(start)}`);
          this.onReady();
        },
        (error: unknown) => {
          log().error(`cannot load the Terraform parser: ${error instanceof Error ? error.message : String(error)}`);
          this.loading = undefined;
        },
      );
    }
    return this.loading;
  }

  /** For hovers: waits for the parser when the document is Terraform and it is not ready yet. */
  async whenReady(document: vscode.TextDocument): Promise<void> {
    if (isTerraformDocument(document) && !formatsReady()) await this.load();
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
