import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUILTIN_RESOURCES } from '../../../../libs/api/src/builtin-resources.js';
import { storageKeyOf } from '../../../../libs/api/src/resource.types.js';
import { BUILTIN_DEFINITIONS, definitionByStorageKey } from './builtin.definitions.js';
import { defaultPrinter } from './printers/default.printer.js';

const registryDir = fileURLToPath(new URL('.', import.meta.url));
const groupFolder = (group: string): string => (group === '' ? 'core' : (group.split('.')[0] ?? group));
const keysWhere = (pred: (d: (typeof BUILTIN_DEFINITIONS)[number]) => boolean): string[] =>
  [...new Set(BUILTIN_DEFINITIONS.filter(pred).map((d) => storageKeyOf(d)))].sort();

describe('BUILTIN_DEFINITIONS', () => {
  it('holds one definition per built-in row, in discovery order, each from its own <group>/<resource> folder', () => {
    assert.deepEqual(
      BUILTIN_DEFINITIONS.map((d) => `${d.group}/${d.version}/${d.resource}`),
      BUILTIN_RESOURCES.map((r) => `${r.group}/${r.version}/${r.resource}`),
    );
    for (const d of BUILTIN_DEFINITIONS) {
      const file = `${registryDir}${groupFolder(d.group)}/${d.singular}/${d.singular}.definition.js`;
      assert.ok(existsSync(file), `${d.resource}.${d.group}: no ${file}`);
    }
  });

  it('declares the behaviour flags upstream strategies have, on exactly the kinds that have them', () => {
    assert.deepEqual(
      keysWhere((d) => d.tracksGeneration),
      [
        'cronjobs.batch',
        'customresourcedefinitions.apiextensions.k8s.io',
        'daemonsets.apps',
        'deployments.apps',
        'horizontalpodautoscalers.autoscaling',
        'ingressclasses.networking.k8s.io',
        'ingresses.networking.k8s.io',
        'jobs.batch',
        'networkpolicies.networking.k8s.io',
        'poddisruptionbudgets.policy',
        'replicasets.apps',
        'replicationcontrollers',
        'resourcequotas',
        'statefulsets.apps',
      ],
    );
    assert.deepEqual(
      keysWhere((d) => d.keepStatusOnCreate),
      ['events', 'events.events.k8s.io', 'nodes'],
    );
    assert.deepEqual(
      keysWhere((d) => !d.allowUnconditionalUpdate),
      ['customresourcedefinitions.apiextensions.k8s.io'],
    );
    assert.deepEqual(
      keysWhere((d) => d.deleteStrategy !== undefined),
      ['namespaces', 'pods'],
    );
    assert.deepEqual(
      keysWhere((d) => d.conversion !== undefined),
      ['horizontalpodautoscalers.autoscaling'],
    );
  });

  it('serves a handler only for a declared subresource, and a status strategy exactly when status is declared', () => {
    for (const d of BUILTIN_DEFINITIONS) {
      const declared = d.subresources ?? [];
      for (const sub of Object.keys(d.subresourceHandlers)) assert.ok(declared.includes(sub), `${d.resource}/${sub} is not declared`);
      assert.equal(d.statusStrategy !== undefined, declared.includes('status'), d.resource);
    }
    const handled = (sk: string): string[] => Object.keys(definitionByStorageKey(sk)?.subresourceHandlers ?? {}).sort();
    assert.deepEqual(handled('pods'), ['binding', 'eviction', 'log', 'status']);
    assert.deepEqual(handled('namespaces'), ['finalize', 'status']);
    assert.deepEqual(handled('deployments.apps'), ['scale', 'status']);
    assert.deepEqual(handled('replicationcontrollers'), ['scale', 'status']);
    assert.deepEqual(handled('certificatesigningrequests.certificates.k8s.io'), ['approval', 'status']);
  });

  it('gives the kinds kubectl prints with their own columns a dedicated printer', () => {
    const dedicated = keysWhere((d) => d.printer !== defaultPrinter);
    assert.equal(dedicated.length, 33);
    for (const sk of ['pods', 'nodes', 'events', 'events.events.k8s.io', 'deployments.apps', 'horizontalpodautoscalers.autoscaling']) {
      assert.ok(dedicated.includes(sk), sk);
    }
    assert.equal(definitionByStorageKey('roles.rbac.authorization.k8s.io')?.printer, defaultPrinter);
  });
});
