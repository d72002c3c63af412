/** Temporary: http/ imports this until it reads def.printer; the lookup lives in builtin.definitions.ts. */
export { printerFor } from '../builtin.definitions.js';
