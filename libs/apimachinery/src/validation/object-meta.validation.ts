import type { ObjectMeta } from '../../../api/src/kube-object.types.js';
import { FieldError } from '../status.errors.js';
import { validateFinalizers, validateNoNewFinalizers } from './finalizers.validation.js';
import { validateAnnotations, validateLabels } from './labels.validation.js';
import { type NameValidator, validateNamespaceName } from './object-name.validation.js';
import { validateOwnerReferences } from './owner-references.validation.js';

/** The metadata validation reads: the shared ObjectMeta type. */
export type ObjectMetaInput = ObjectMeta;

interface ObjectMetaOptions {
  /** Namespaced kinds require metadata.namespace; cluster-scoped kinds forbid it. */
  namespaced: boolean;
  nameValidator: NameValidator;
  /** Path prefix, 'metadata' unless validating an embedded template ('spec.template.metadata'). */
  fldPath?: string;
}

/**
 * Create-time metadata checks, in upstream's order. Expects name generation to have happened
 * already; a generateName is still validated so its own mistakes are reported.
 */
export function validateObjectMeta(meta: ObjectMetaInput, opts: ObjectMetaOptions): FieldError[] {
  const p = opts.fldPath ?? 'metadata';
  const errs: FieldError[] = [];
  const generateName = meta.generateName ?? '';
  if (generateName !== '') {
    for (const msg of opts.nameValidator(generateName, true)) {
      errs.push(FieldError.invalid(`${p}.generateName`, generateName, msg));
    }
  }
  const name = meta.name ?? '';
  if (name === '') {
    errs.push(FieldError.required(`${p}.name`, 'name or generateName is required'));
  } else {
    for (const msg of opts.nameValidator(name, false)) errs.push(FieldError.invalid(`${p}.name`, name, msg));
  }
  const namespace = meta.namespace ?? '';
  if (opts.namespaced) {
    if (namespace === '') errs.push(FieldError.required(`${p}.namespace`));
    else
      for (const msg of validateNamespaceName(namespace, false)) {
        errs.push(FieldError.invalid(`${p}.namespace`, namespace, msg));
      }
  } else if (namespace !== '') {
    errs.push(FieldError.forbidden(`${p}.namespace`, 'not allowed on this type'));
  }
  const generation = meta.generation ?? 0;
  if (generation < 0) {
    errs.push(FieldError.invalid(`${p}.generation`, generation, 'must be greater than or equal to 0'));
  }
  errs.push(...validateLabels(meta.labels, `${p}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${p}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${p}.ownerReferences`));
  errs.push(...validateFinalizers(meta.finalizers, `${p}.finalizers`));
  return errs;
}

function immutable(newVal: unknown, oldVal: unknown, path: string): FieldError[] {
  // Absent and empty are the same value in Go's zero-value world.
  const n = newVal === '' ? undefined : newVal;
  const o = oldVal === '' ? undefined : oldVal;
  if (n === o) return [];
  return [FieldError.invalid(path, newVal ?? null, 'field is immutable')];
}

/**
 * Update-time metadata checks. The store is expected to have copied server-owned fields (uid when
 * omitted, creationTimestamp, deletionTimestamp) from the old object first, as upstream's
 * BeforeUpdate does, so these errors only surface for explicit conflicting values.
 */
export function validateObjectMetaUpdate(newMeta: ObjectMetaInput, oldMeta: ObjectMetaInput, fldPath = 'metadata'): FieldError[] {
  const p = fldPath;
  const errs: FieldError[] = [];
  if (oldMeta.deletionTimestamp) {
    errs.push(...validateNoNewFinalizers(newMeta.finalizers, oldMeta.finalizers, `${p}.finalizers`));
  }
  const rv = newMeta.resourceVersion ?? '';
  if (rv === '') errs.push(FieldError.invalid(`${p}.resourceVersion`, rv, 'must be specified for an update'));
  const newGen = newMeta.generation ?? 0;
  if (newGen < (oldMeta.generation ?? 0)) {
    errs.push(FieldError.invalid(`${p}.generation`, newGen, 'must not be decremented'));
  }
  errs.push(...immutable(newMeta.name ?? '', oldMeta.name ?? '', `${p}.name`));
  errs.push(...immutable(newMeta.namespace ?? '', oldMeta.namespace ?? '', `${p}.namespace`));
  errs.push(...immutable(newMeta.uid ?? '', oldMeta.uid ?? '', `${p}.uid`));
  errs.push(...immutable(newMeta.creationTimestamp, oldMeta.creationTimestamp, `${p}.creationTimestamp`));
  errs.push(...immutable(newMeta.deletionTimestamp, oldMeta.deletionTimestamp, `${p}.deletionTimestamp`));
  errs.push(...immutable(newMeta.deletionGracePeriodSeconds, oldMeta.deletionGracePeriodSeconds, `${p}.deletionGracePeriodSeconds`));
  errs.push(...validateLabels(newMeta.labels, `${p}.labels`));
  errs.push(...validateAnnotations(newMeta.annotations, `${p}.annotations`));
  errs.push(...validateOwnerReferences(newMeta.ownerReferences, `${p}.ownerReferences`));
  return errs;
}
