/**
 * What reports, hovers, the language server and the CLI need from a cloud.
 * Each cloud (clouds/<cloud>/index.ts) provides one and clouds/index.ts lists
 * them; the engine itself names none.
 */
import type { CloudId, Owner, RowId, ServiceModel, Source } from '../types';
import type { MatrixSpec } from './matrixView';
import type { RuleBook } from './rules';

/** A row of a cloud's matrix. */
export interface CloudRow {
  id: RowId;
  title: string;
  /** `prose`: a duty the source states in its text rather than its table. */
  origin?: 'table' | 'prose';
}

/** Who owns a row for a service model, why, and from where. */
export interface CloudCell {
  owner: Owner;
  reason: string;
  sources: Source[];
}

export interface Cloud {
  id: CloudId;
  /** "AWS", "Microsoft Azure". */
  name: string;
  /** The provider as an owner ("aws", "microsoft") and as people name it ("AWS", "Microsoft"). */
  provider: Owner;
  providerName: string;
  /** The model as rule descriptions name it: "AWS Shared Responsibility Model". */
  modelName: string;
  /** The service models in the order the matrix shows them, with their titles. */
  models: readonly { id: ServiceModel; title: string }[];
  rows: readonly CloudRow[];
  /** The row's cell for a model, or undefined when the row or model is not this cloud's. */
  cell(row: RowId, model: ServiceModel): CloudCell | undefined;
  /** The finding rules (ids unique across clouds). */
  rules: RuleBook;
  /** A service's name for people, when the cloud's knowledge has one. */
  serviceName(service: string): string | undefined;
  /** Why the service has its model, for its resource card ("SQL Server on a VM is IaaS: …"), when the knowledge says. */
  serviceRationale?(service: string): string | undefined;
  /**
   * The matrix as the generic view shows and exports it (engine/matrixView.ts). A cloud without one
   * has a panel and exports of its own (AWS's third-party table with its IT-control view).
   */
  matrix?: MatrixSpec;
}
