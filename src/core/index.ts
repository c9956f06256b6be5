/**
 * Formats that need asynchronous set-up before `analyze()` (which is
 * synchronous) can handle their files: today the Terraform parser, a
 * WebAssembly module. Until it is ready, `.tf` files get one Information note
 * (terraform.ts), never an exception.
 */
import { isTerraformParserLoaded, loadTerraformParser } from './parse/hcl';

/**
 * Loads `tree-sitter.wasm` and `tree-sitter-terraform.wasm` from `wasmDir`
 * (the grammar from `grammarDir` when given, e.g. node_modules in tests).
 * Idempotent: every call shares one load; a failed load may be retried.
 */
export async function prepareFormats(wasmDir: string, grammarDir?: string): Promise<void> {
  await loadTerraformParser(wasmDir, grammarDir);
}

/** Whether {@link prepareFormats} has completed. */
export function formatsReady(): boolean {
  return isTerraformParserLoaded();
}
