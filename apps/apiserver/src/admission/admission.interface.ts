import type { ResourceType } from '../../../../libs/api/src/resource.types.js';
import type { KubeObject } from '../registry/generic/strategy.interface.js';
import type { Storage } from '../storage/storage.interface.js';

type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

/** What an admission plugin sees of a request (after k8s.io/apiserver/pkg/admission.Attributes). */
export interface AdmissionAttributes {
  readonly operation: AdmissionOperation;
  readonly rt: ResourceType;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name: string;
  /** The object being written; mutating plugins change it in place. */
  readonly object: KubeObject;
  readonly oldObject?: KubeObject;
  readonly dryRun: boolean;
  /** Read access for lookups (PriorityClasses, namespaces …). */
  readonly storage: Storage;
}

/**
 * One admission plugin. Mutating plugins implement `admit`, validating ones `validate`; both throw
 * an ApiError to reject. The chain runs every `admit` before the kind's validation and every
 * `validate` after it, as kube-apiserver does.
 */
export interface AdmissionPlugin {
  readonly name: string;
  handles(attrs: AdmissionAttributes): boolean;
  admit?(attrs: AdmissionAttributes): Promise<void>;
  validate?(attrs: AdmissionAttributes): Promise<void>;
}
