import { notSupported } from '../../fields/field-label.messages.js';
import { fieldGetter } from '../../fields/field.getter.js';
import { path } from '../../../../../../libs/apimachinery/src/json/json.access.js';

export const nodeFields = fieldGetter(
  {
    readers: { 'spec.unschedulable': (o) => (path(o, 'spec', 'unschedulable') === true ? 'true' : 'false') },
    only: ['metadata.name', 'spec.unschedulable'],
    reject: notSupported,
  },
  false,
);
