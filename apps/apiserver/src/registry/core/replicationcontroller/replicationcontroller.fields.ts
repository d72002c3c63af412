import { at, fieldGetter, notSupported } from '../../fields/field-getter.factory.js';

export const replicationControllerFields = fieldGetter({ readers: { 'status.replicas': at('status', 'replicas') }, reject: notSupported }, true);
