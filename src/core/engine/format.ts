/**
 * What the engine needs from a file format. Each format (formats/<kind>/)
 * provides one of these; formats/index.ts lists them in the order they are
 * asked to claim a file.
 */
import type { Analysis, AnalysisContext, CloudId, FileKind } from '../types';
import type { SuppressionSyntax } from './suppressions';

export interface Format extends SuppressionSyntax {
  kind: FileKind;
  /**
   * The cloud of a file it claims, from the name and first 200 kB (ARM: Azure).
   * A format that finds it in the content (Terraform) sets `Analysis.cloud`
   * itself; this then only names the cloud of a file that was not analysed.
   * Absent: the pipeline's default cloud.
   */
  cloud?(fileName: string, head: string): CloudId | undefined;
  /** Cheap: the file name and the first 200 kB of text, before anything is parsed. */
  claims(fileName: string, head: string): boolean;
  /** Called only for text that passed the size and binary checks; `context` gives what lies beside the file. */
  analyze(text: string, fileName: string, context?: AnalysisContext): Analysis;
  /**
   * Which files beside `fileName` its analysis reads through
   * `context.siblings` (Terraform: the folder's `.tf` and `.tfvars` files), so
   * a caller can have them ready; formats that read none leave it out.
   */
  readsSibling?(fileName: string, siblingName: string): boolean;
  /** Formats recognised by file name alone say so here, so a directory walk can pick their files up. */
  matchesName?(fileName: string): boolean;
  /** A lower size limit than MAX_ANALYSED_CHARS, for parsers that slow down badly on huge input. */
  maxChars?: number;
  /**
   * Adds fixes that are checked by analysing the fixed text again
   * (`reanalyze`); formats that compute their fixes while analysing leave it out.
   */
  withFixes?(text: string, analysis: Analysis, reanalyze: (text: string) => Analysis): Analysis;
}
