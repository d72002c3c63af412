import { notSupported } from '../../fields/field-label.messages.js';
import { at, fieldGetter } from '../../fields/field.getter.js';

export const namespaceFields = fieldGetter(
  { readers: { 'status.phase': at('status', 'phase') }, only: ['status.phase', 'metadata.name'], reject: notSupported },
  false,
);
