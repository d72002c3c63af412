// What tests of other apps need from the apiserver's inside (the migrator, the resource registry):
// the harness is the one place where an app's test reaches into another app's src.
export { migrate } from '../apps/apiserver/src/storage/postgres/migrator.js';
export { defineResource } from '../apps/apiserver/src/registry/generic/resource.definition.js';
export { ResourceRegistry } from '../apps/apiserver/src/registry/resource.registry.js';
