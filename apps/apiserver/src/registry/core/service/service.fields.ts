import { at, fieldGetter, notSupported } from '../../fields/field-getter.factory.js';

export const serviceFields = fieldGetter({ readers: { 'spec.clusterIP': at('spec', 'clusterIP'), 'spec.type': at('spec', 'type') }, reject: notSupported }, true);
