/**
 * CloudFormation property documentation from @aws-cdk/aws-service-spec
 * (first sentence per property, generated into knowledge/spec-docs.json by
 * scripts/gen-knowledge.mjs). The file is large (~1.8 MB; bundling it would
 * add ~30 ms to activation), so it stays out of the bundle: the host (the
 * extension, a test) registers a provider, and it is loaded on the first
 * hover that needs it. The core itself does no I/O.
 */
export interface SpecDocsData {
  source: { package: string; version: string };
  /** Resource type → property path without "Properties." and list indexes ("VpcConfig.SubnetIds") → text. */
  docs: Record<string, Record<string, string>>;
}

let provider: (() => SpecDocsData) | undefined;
/** undefined: not loaded yet; null: no provider, or loading failed (hovers go on without docs). */
let loaded: SpecDocsData | null | undefined;

export function setSpecDocsProvider(load: (() => SpecDocsData) | undefined): void {
  provider = load;
  loaded = undefined;
}

/** True once the documentation has been loaded (for activation-cost tests). */
export function specDocsLoaded(): boolean {
  return loaded !== undefined && loaded !== null;
}

function data(): SpecDocsData | null {
  if (loaded === undefined) {
    try {
      loaded = provider ? provider() : null;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

/**
 * The spec's one-line documentation of a property, or undefined.
 * `path` is a setting path from the resource: "Properties.VpcConfig.SubnetIds[0]".
 */
export function propertyDoc(resourceType: string, path: string): string | undefined {
  if (!path.startsWith('Properties.') || !provider) return undefined;
  const key = path.slice('Properties.'.length).replace(/\[\d*\]/g, '');
  if (!key) return undefined;
  const docs = data()?.docs[resourceType];
  return docs && Object.prototype.hasOwnProperty.call(docs, key) ? docs[key] : undefined;
}
