import type { KubeObject } from '../generic/strategy.interface.js';
import { path, scalar, type FieldGetter, type FieldReader } from './field.getter.js';

/** The field-selector table of one kind, as a resource definition declares it. */
export interface FieldSpec {
  /** Labels accepted in addition to metadata.name/metadata.namespace (or instead, see `only`). */
  readonly readers: Readonly<Record<string, FieldReader | null>>;
  /** Accepted labels when the kind's conversion does not accept both metadata fields. */
  readonly only?: readonly string[];
  /** Upstream message for a rejected label. */
  readonly reject?: (field: string) => string;
  /** Label aliases rewritten before lookup (events.k8s.io names → core names). */
  readonly aliases?: Readonly<Record<string, string>>;
}

const metaName: FieldReader = (o) => o.metadata?.name ?? '';
const metaNamespace: FieldReader = (o) => o.metadata?.namespace ?? '';

/** A reader of the scalar at a JSON path. */
export const at =
  (...keys: string[]): FieldReader =>
  (o) =>
    scalar(path(o, ...keys));

export const notSupported = (field: string): string => `field label not supported: ${field}`;

const defaultReject = (field: string): string =>
  `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`;

/** Field selectors of one kind; without a spec, metadata.name/namespace only. */
export function fieldGetter(kind: FieldSpec | undefined, namespaced: boolean): FieldGetter {
  const readers: Record<string, FieldReader | null> = { 'metadata.name': metaName, ...(kind?.readers ?? {}) };
  // Cluster-scoped objects have no namespace in their field set, yet the label is still accepted.
  readers['metadata.namespace'] = namespaced ? metaNamespace : null;
  const aliases = kind?.aliases ?? {};
  const supported = kind?.only ?? ['metadata.name', 'metadata.namespace', ...Object.keys(kind?.readers ?? {}), ...Object.keys(aliases).filter((a) => !(a in readers))];
  const accepted = new Set(supported);
  return {
    supported,
    get(obj: KubeObject, field: string): string | undefined {
      if (!accepted.has(field)) return undefined;
      const reader = readers[aliases[field] ?? field];
      return reader ? reader(obj) : '';
    },
    unsupportedMessage: kind?.reject ?? defaultReject,
  };
}
