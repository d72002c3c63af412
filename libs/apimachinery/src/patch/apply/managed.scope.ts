import type { ApplyType } from './apply-schema.model.js';
import { fieldElement, type FieldPath } from './field-path.model.js';
import { FieldSet } from './field-set.model.js';

/** Where a write lands: the object's schema and version, and which endpoint (subresource) it came through. */
export interface ManagedScope {
  readonly schema: ApplyType;
  /** group/version of the object, recorded on Update entries. */
  readonly apiVersion: string;
  /** `status`, `scale` … ; absent for the main resource. */
  readonly subresource?: string;
  /**
   * The top-level field the strategy owns separately (upstream's reset fields): `status` on the
   * main resource of kinds with a status subresource; on the status subresource, everything else.
   */
  readonly statusSplit: boolean;
}

/** Fields nobody owns (upstream's stripMetaManager): identity and server-set metadata. */
const STRIPPED = FieldSet.of(
  [
    ['apiVersion'],
    ['kind'],
    ['metadata'],
    ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map(
      (f) => ['metadata', f],
    ),
  ].map((p): FieldPath => p.map(fieldElement)),
);

const STATUS = FieldSet.of([[fieldElement('status')]]);

/** The part of `set` a manager can own through this endpoint. */
export function ownable(set: FieldSet, scope: ManagedScope): FieldSet {
  const s = set.difference(STRIPPED);
  if (scope.subresource === 'status') return FieldSet.of(s.paths().filter((p) => p[0] === fieldElement('status')));
  return scope.statusSplit ? s.recursiveDifference(STATUS) : s;
}
