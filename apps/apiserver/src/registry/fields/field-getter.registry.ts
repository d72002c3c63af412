/** Temporary: http/selector.filter.ts imports this until it reads def.fields; the lookup lives in builtin.definitions.ts. */
export { fieldGetterFor } from '../builtin.definitions.js';
