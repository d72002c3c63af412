import { fieldGetter } from '../../fields/field.getter.js';

export const statefulSetFields = fieldGetter(
  { readers: { 'status.successful': null }, reject: (f) => `field label not supported for appsv1.StatefulSet: ${f}` },
  true,
);
