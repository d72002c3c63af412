import type { KubeObject } from '../generic/strategy.interface.js';

import { path } from '../../../../../libs/apimachinery/src/json/json.access.js';

/** Reads one selectable field of an object as the string upstream's field set holds. */
export type FieldReader = (obj: KubeObject) => string;

/**
 * The field-selector surface of one kind: the labels the API accepts (upstream's field label
 * conversion) and their values (upstream's GetAttrs). Accepted labels absent from the value set
 * read as '', so such selectors only ever match an empty value, as upstream.
 */
export interface FieldGetter {
  readonly supported: readonly string[];
  get(obj: KubeObject, field: string): string | undefined;
  /** The error text upstream gives for a label this kind does not accept. */
  unsupportedMessage(field: string): string;
}

/** A scalar rendered as Go's field set would: strings as-is, numbers in decimal, booleans as true/false. */
export function scalar(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(Math.trunc(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

/** Reads a scalar at a path: `at('status', 'phase')`. */
export const at =
  (...keys: string[]): FieldReader =>
  (o) =>
    scalar(path(o, ...keys));

const metaName: FieldReader = (o) => o.metadata?.name ?? '';
const metaNamespace: FieldReader = (o) => o.metadata?.namespace ?? '';

/** The field-selector labels of one kind beyond the metadata ones. */
interface KindFields {
  /** Labels accepted in addition to metadata.name/metadata.namespace (or instead, see `only`). */
  readonly readers: Readonly<Record<string, FieldReader | null>>;
  /** Accepted labels when the kind's conversion does not accept both metadata fields. */
  readonly only?: readonly string[];
  /** Upstream message for a rejected label. */
  readonly reject?: (field: string) => string;
  /** Label aliases rewritten before lookup (events.k8s.io names → core names). */
  readonly aliases?: Readonly<Record<string, string>>;
}

const defaultReject = (field: string): string => `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`;

/** The field getter of a kind; without `kind`, metadata.name and metadata.namespace only. */
export function fieldGetter(kind: KindFields | undefined, namespaced = true): FieldGetter {
  const readers: Record<string, FieldReader | null> = { 'metadata.name': metaName, ...(kind?.readers ?? {}) };
  // Cluster-scoped objects have no namespace in their field set, yet the label is still accepted.
  readers['metadata.namespace'] = namespaced ? metaNamespace : null;
  const aliases = kind?.aliases ?? {};
  const supported = kind?.only ?? [
    'metadata.name',
    'metadata.namespace',
    ...Object.keys(kind?.readers ?? {}),
    ...Object.keys(aliases).filter((a) => !(a in readers)),
  ];
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

const DEFAULT_NAMESPACED = fieldGetter(undefined, true);
const DEFAULT_CLUSTER = fieldGetter(undefined, false);

/** metadata.name / metadata.namespace only, as upstream's DefaultClusterScopedAttr/DefaultNamespaceScopedAttr. */
export function defaultFieldGetter(namespaced: boolean): FieldGetter {
  return namespaced ? DEFAULT_NAMESPACED : DEFAULT_CLUSTER;
}
