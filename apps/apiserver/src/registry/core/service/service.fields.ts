import { notSupported } from '../../fields/field-label.messages.js';
import { at, fieldGetter } from '../../fields/field.getter.js';

export const serviceFields = fieldGetter(
  { readers: { 'spec.clusterIP': at('spec', 'clusterIP'), 'spec.type': at('spec', 'type') }, reject: notSupported },
  true,
);
