import { fieldGetter, path, scalar } from '../../fields/field.getter.js';

export const jobFields = fieldGetter(
  {
    readers: { 'status.successful': (o) => scalar(path(o, 'status', 'succeeded') ?? 0) },
    reject: (f) => `field label "${f}" not supported for batchv1.Job`,
  },
  true,
);
