import { notSupported } from '../../fields/field-label.messages.js';
import { at, fieldGetter } from '../../fields/field.getter.js';

export const replicationControllerFields = fieldGetter(
  { readers: { 'status.replicas': at('status', 'replicas') }, reject: notSupported },
  true,
);
