import { notSupported } from '../../fields/field-label.messages.js';
import { fieldGetter, path } from '../../fields/field.getter.js';

export const nodeFields = fieldGetter(
  {
    readers: { 'spec.unschedulable': (o) => (path(o, 'spec', 'unschedulable') === true ? 'true' : 'false') },
    only: ['metadata.name', 'spec.unschedulable'],
    reject: notSupported,
  },
  false,
);
