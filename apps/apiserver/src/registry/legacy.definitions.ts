import { BUILTIN_RESOURCES } from '../../../../libs/api/src/builtin-resources.js';
import { storageKeyOf } from '../../../../libs/api/src/resource.types.js';
import { conversionFor } from './conversions.js';
import { fieldGetterFor } from './fields/field-getter.registry.js';
import { defineResource, type ResourceDefinition } from './generic/resource.definition.js';
import { printerFor } from './printers/printer.registry.js';
import { strategyFor } from './strategies.js';

/*
 * Temporary: definitions built from the string-keyed maps until every resource has its folder.
 * Deleted once builtin.definitions.ts imports one definition per folder.
 */

/** Kinds whose metadata.generation tracks spec changes (upstream strategies that set it). */
const GENERATION_KINDS = new Set([
  'deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'daemonsets.apps', 'jobs.batch', 'cronjobs.batch',
  'replicationcontrollers', 'horizontalpodautoscalers.autoscaling',
  'poddisruptionbudgets.policy', 'ingresses.networking.k8s.io', 'networkpolicies.networking.k8s.io',
  'customresourcedefinitions.apiextensions.k8s.io', 'ingressclasses.networking.k8s.io', 'resourcequotas',
]);

/** Kinds whose strategy refuses unconditional updates (upstream AllowUnconditionalUpdate() false). */
const CONDITIONAL_UPDATE_ONLY = new Set(['customresourcedefinitions.apiextensions.k8s.io']);

/** Kinds created together with their status (the kubelet registers a Node with its status). */
const KEEP_STATUS_ON_CREATE = new Set(['nodes', 'events', 'events.events.k8s.io']);

export function legacyDefinitions(): ResourceDefinition[] {
  return BUILTIN_RESOURCES.map((names) => {
    const sk = storageKeyOf(names);
    return defineResource(names, {
      strategy: strategyFor(sk),
      conversion: conversionFor(sk),
      printer: printerFor(sk),
      fields: fieldGetterFor(sk, names.namespaced),
      tracksGeneration: GENERATION_KINDS.has(sk),
      allowUnconditionalUpdate: !CONDITIONAL_UPDATE_ONLY.has(sk),
      keepStatusOnCreate: KEEP_STATUS_ON_CREATE.has(sk),
    });
  });
}
