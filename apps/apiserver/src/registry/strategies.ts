/** Temporary: generic.store.ts imports this until it reads def.strategy; the lookup lives in builtin.definitions.ts. */
export { strategyFor } from './builtin.definitions.js';
