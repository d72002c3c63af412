import { at, fieldGetter, notSupported } from '../../fields/field-getter.factory.js';

export const namespaceFields = fieldGetter({ readers: { 'status.phase': at('status', 'phase') }, only: ['status.phase', 'metadata.name'], reject: notSupported }, false);
