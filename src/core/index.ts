/**
 * The composition root and public API of the core, for the extension, the
 * CLI, the language server and the tests: the formats (formats/) and the
 * clouds' rule books (clouds/) are handed to the format- and cloud-neutral engine
 * (engine/) here, and nowhere else. Nothing inside src/core imports this file.
 */
import type { Analysis, AnalysisContext, CloudId, Finding } from './types';
import { analyzeWith, type Pipeline } from './engine/analyze';
import type { Format } from './engine/format';
import { applySuppressions as applySuppressionsWith, suppressionEdit as suppressionEditWith, type SuppressionEdit, type SuppressionResult } from './engine/suppressions';
import { combinedRuleBook } from './engine/rules';
import { CLOUDS } from './clouds';
import { FORMATS } from './formats';
import { isTerraformParserLoaded, loadTerraformParser } from './parse/hcl';
import { isBicepParserLoaded, loadBicepParser } from './parse/bicep';

export { MAX_ANALYSED_CHARS } from './engine/analyze';
export { matchesFileName } from './formats';
export { isTerraformFileName } from './formats/terraform/analyze';
export { isBicepFileName } from './formats/bicep/analyze';
export { METADATA_KEY, UNKNOWN_RULE_RULE, WITHOUT_REASON_RULE, type SuppressionEdit, type SuppressionResult } from './engine/suppressions';
export { propertyCompletions, type PropertyCompletion } from './formats/cloudformation/completion';
export { UNKNOWN_PROPERTY_RULE } from './clouds/aws/spec-properties';
export { diagnosticMessage } from './reports/diagnostic';
export { hoverMarkdown } from './reports/hover';
export { CLOUDS, cloudById, rowTitle } from './clouds';
export type { Cloud } from './engine/cloud';

const RULES = combinedRuleBook(CLOUDS.map((cloud) => cloud.rules));
const PIPELINE: Pipeline = { formats: FORMATS, rules: RULES, defaultCloud: CLOUDS[0].id };

/**
 * The one entry point every consumer uses: text in, plain analysis out
 * (suppressions applied). `context` lets the analysis read the files beside
 * this one (Terraform variables, tfvars and locals of the same folder).
 */
export function analyze(text: string, fileName: string, context?: AnalysisContext): Analysis {
  return analyzeWith(PIPELINE, text, fileName, context);
}

/**
 * The cloud a file is of, from its name and first 200 kB, without analysing it
 * (for a file the caller could not analyse: over its time budget, unreadable).
 */
export function cloudOfFile(fileName: string, head = ''): CloudId {
  const format = FORMATS.find((candidate) => candidate.claims(fileName, head));
  return format?.cloud?.(fileName, head) ?? PIPELINE.defaultCloud;
}

/** Whether analysing `fileName` reads any file beside it (Terraform does), so a caller knows to provide `context.siblings`. */
export function readsSiblings(fileName: string): boolean {
  return FORMATS.some((format) => format.readsSibling !== undefined && format.matchesName?.(fileName));
}

/** Whether analysing `fileName` reads the sibling `siblingName` (so a caller can load just those). */
export function readsSibling(fileName: string, siblingName: string): boolean {
  return FORMATS.some((format) => format.matchesName?.(fileName) && format.readsSibling?.(fileName, siblingName));
}

function formatOf(kind: string | undefined): Format | undefined {
  return kind === undefined ? undefined : FORMATS.find((format) => format.kind === kind);
}

/** The suppressions in `text` applied to its analysis (analyze() already does this; exposed for tests and tools). */
export function applySuppressions(text: string, analysis: Analysis): SuppressionResult {
  return applySuppressionsWith(text, analysis, formatOf(analysis.kind), RULES);
}

/** The edit that suppresses `finding` in a file of this kind, its reason left for the user to type. */
export function suppressionEdit(text: string, finding: Finding, kind: string | undefined): SuppressionEdit | undefined {
  return suppressionEditWith(text, finding, formatOf(kind));
}

/**
 * Formats that need asynchronous set-up before `analyze()` (which is
 * synchronous) can handle their files: today the Terraform parser, a
 * WebAssembly module. Until it is ready, `.tf` files get one Information note
 * (formats/terraform/analyze.ts), never an exception.
 *
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

/**
 * The Bicep parser, loaded on the first `.bicep` file as Terraform's is:
 * `tree-sitter.wasm` from `wasmDir`, `tree-sitter-bicep.wasm` from
 * `grammarDir` (default `wasmDir`). Until it is ready, `.bicep` files get one
 * Information note (formats/bicep/analyze.ts). Idempotent; a failed load may be retried.
 */
export async function prepareBicep(wasmDir: string, grammarDir?: string): Promise<void> {
  await loadBicepParser(wasmDir, grammarDir);
}

/** Whether {@link prepareBicep} has completed. */
export function bicepReady(): boolean {
  return isBicepParserLoaded();
}
