import { fieldGetter } from '../../fields/field-getter.factory.js';

export const statefulSetFields = fieldGetter({ readers: { 'status.successful': null }, reject: (f) => `field label not supported for appsv1.StatefulSet: ${f}` }, true);
