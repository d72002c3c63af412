import { notSupported } from '../../fields/field-label.messages.js';
import { at, fieldGetter } from '../../fields/field.getter.js';

export const secretFields = fieldGetter({ readers: { type: at('type') }, reject: notSupported }, true);
