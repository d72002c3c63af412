import type { FieldGetter } from './fields/field.getter.js';
import type { ResourceDefinition } from './generic/resource.definition.js';
import type { ResourceStrategy } from './generic/strategy.interface.js';
import { legacyDefinitions } from './legacy.definitions.js';
import type { TablePrinter } from './printers/table.types.js';
import { storageKeyOf } from '../../../../libs/api/src/resource.types.js';
import { defaultPrinter } from './printers/default.printer.js';
import { defaultFieldGetter } from './fields/field.getter.js';

/** Every built-in resource, in BUILTIN_RESOURCES order (discovery lists them in this order). */
export const BUILTIN_DEFINITIONS: readonly ResourceDefinition[] = legacyDefinitions();

const BY_STORAGE_KEY = new Map<string, ResourceDefinition>();
for (const d of BUILTIN_DEFINITIONS) if (!BY_STORAGE_KEY.has(storageKeyOf(d))) BY_STORAGE_KEY.set(storageKeyOf(d), d);

/** The built-in definition of a stored resource (its preferred, first-listed version). */
export function definitionByStorageKey(storageKey: string): ResourceDefinition | undefined {
  return BY_STORAGE_KEY.get(storageKey);
}

const NONE: ResourceStrategy = {};

export function strategyFor(storageKey: string): ResourceStrategy {
  return definitionByStorageKey(storageKey)?.strategy ?? NONE;
}

export function printerFor(storageKey: string): TablePrinter {
  return definitionByStorageKey(storageKey)?.printer ?? defaultPrinter;
}

export function fieldGetterFor(storageKey: string, namespaced = true): FieldGetter {
  const def = definitionByStorageKey(storageKey);
  return def && def.namespaced === namespaced ? def.fields : defaultFieldGetter(namespaced);
}
