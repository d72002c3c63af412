import { fieldGetter, notSupported } from '../../fields/field-getter.factory.js';
import { path } from '../../fields/field.getter.js';

export const nodeFields = fieldGetter({ readers: { 'spec.unschedulable': (o) => (path(o, 'spec', 'unschedulable') === true ? 'true' : 'false') }, only: ['metadata.name', 'spec.unschedulable'], reject: notSupported }, false);
