import { at, fieldGetter, notSupported } from '../../fields/field-getter.factory.js';

export const replicaSetFields = fieldGetter({ readers: { 'status.replicas': at('status', 'replicas') }, reject: notSupported }, true);
