import type { ResourceType } from '../../../../../libs/api/src/resource.types.js';
import type { FieldError } from '../../../../../libs/apimachinery/src/status.errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../../../libs/apimachinery/src/validation/object-meta.validation.js';
import { nameValidatorFor } from '../../../../../libs/apimachinery/src/validation/object-name.validation.js';
import type { ObjectMeta } from './strategy.interface.js';

/** ObjectMeta rules of a resource (its name rule, namespaced or not) on create. */
export function validateMetaForCreate(rt: ResourceType, meta: ObjectMeta): FieldError[] {
  return validateObjectMeta(meta, { namespaced: rt.namespaced, nameValidator: nameValidatorFor(rt.resource, rt.group) });
}

export function validateMetaForUpdate(rt: ResourceType, meta: ObjectMeta, old: ObjectMeta): FieldError[] {
  return [
    ...validateObjectMeta(meta, { namespaced: rt.namespaced, nameValidator: nameValidatorFor(rt.resource, rt.group) }),
    ...validateObjectMetaUpdate(meta, old),
  ];
}
