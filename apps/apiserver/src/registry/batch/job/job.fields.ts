import { fieldGetter, scalar } from '../../fields/field.getter.js';
import { path } from '../../../../../../libs/apimachinery/src/json/json.access.js';

export const jobFields = fieldGetter(
  {
    readers: { 'status.successful': (o) => scalar(path(o, 'status', 'succeeded') ?? 0) },
    reject: (f) => `field label "${f}" not supported for batchv1.Job`,
  },
  true,
);
