import type { FieldError } from '../../../../../libs/apimachinery/src/status.errors.js';

export type { KubeObject, ObjectMeta } from '../../../../../libs/api/src/kube-object.types.js';
import type { KubeObject } from '../../../../../libs/api/src/kube-object.types.js';

/**
 * The per-kind part of the generic store, after upstream's RESTCreateStrategy/RESTUpdateStrategy
 * (pkg/registry/core/configmap/strategy.go). Everything optional: the generic store handles
 * metadata (names, uid, timestamps, generation, resourceVersion) and, through the definition's
 * statusStrategy, the status/spec split for kinds that declare a status subresource. Hooks mutate
 * `obj` in place and never do I/O.
 */
export interface ResourceStrategy {
  /** Fill defaults as the upstream defaulting functions do (e.g. Pod restartPolicy=Always). Runs on create and update. */
  applyDefaults?(obj: KubeObject): void;
  /** Kind-specific clean-up on create (upstream PrepareForCreate), after the generic one cleared status. */
  prepareForCreate?(obj: KubeObject): void;
  /** Kind-specific preparation on update (upstream PrepareForUpdate). */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /** Validation of a new object; return upstream-style field errors (`spec.containers[0].name` …). */
  validate?(obj: KubeObject): FieldError[];
  /** Validation of an update (immutable fields …). Runs in addition to validate(). */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /** Validation of a status update (status subresource). */
  validateStatusUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
}
