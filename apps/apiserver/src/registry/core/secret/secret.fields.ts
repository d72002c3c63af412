import { at, fieldGetter, notSupported } from '../../fields/field-getter.factory.js';

export const secretFields = fieldGetter({ readers: { type: at('type') }, reject: notSupported }, true);
