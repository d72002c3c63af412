import type { KubeObject } from './strategy.interface.js';

/**
 * A resource served in several versions but stored once (upstream: the scheme's conversion
 * functions plus the storage version of the resource). The generic store converts what it reads
 * to the version of the request and what it writes to `storageVersion`.
 */
export interface VersionConverter {
  /** apiVersion the object is stored as, e.g. 'autoscaling/v2'. */
  readonly storageVersion: string;
  /** Converts `obj` (whose apiVersion says what it is) to apiVersion `to`; identity when equal. */
  convert(obj: KubeObject, to: string): KubeObject;
}
