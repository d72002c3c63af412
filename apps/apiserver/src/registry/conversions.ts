import { definitionByStorageKey } from './builtin.definitions.js';
import type { VersionConverter } from './generic/version.converter.js';

/** Temporary: generic.store.ts imports this until it reads def.conversion. */
export function conversionFor(storageKey: string): VersionConverter | undefined {
  return definitionByStorageKey(storageKey)?.conversion;
}
