import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_RESOURCES } from '../builtin-resources.js';
import type { ResourceType } from '../resource.types.js';
import { openApiV2Document, openApiV3Document, openApiV3Index } from './openapi-document.service.js';

/** Walks parsed JSON by keys; throws (failing the test) when a step is missing. */
function at(value: unknown, ...keys: Array<string | number>): unknown {
  let v = value;
  for (const k of keys) {
    if (typeof v !== 'object' || v === null || !(k in v)) throw new Error(`missing ${keys.join('.')} at ${String(k)}`);
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}
const names = (params: unknown): unknown[] => (Array.isArray(params) ? params.map((p) => at(p, 'name')) : []);

describe('OpenAPI documents', () => {
  // A copy gets its own cache, so this measures a cold build of every document.
  const cold: readonly ResourceType[] = [...BUILTIN_RESOURCES];
  const started = performance.now();
  const index = openApiV3Index(cold);
  const v2 = openApiV2Document(cold);
  const elapsed = performance.now() - started;

  it('builds all v3 documents and the v2 document in under a second', () => {
    assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
  });

  it('lists every served group version in the /openapi/v3 index with a hashed URL', () => {
    const expected = [...new Set(BUILTIN_RESOURCES.map((r) => (r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`)))].sort();
    assert.deepEqual(Object.keys(index.paths).sort(), expected);
    const apps = index.paths['apis/apps/v1'];
    assert.match(apps?.serverRelativeURL ?? '', /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    assert.equal(apps?.serverRelativeURL, `/openapi/v3/apis/apps/v1?hash=${openApiV3Document(cold, 'apps/v1')?.hash}`);
  });

  it('is cached and stable', () => {
    assert.equal(openApiV3Document(cold, 'apis/apps/v1'), openApiV3Document(cold, 'apps/v1'));
    assert.equal(openApiV3Document([...BUILTIN_RESOURCES], 'apps/v1')?.hash, openApiV3Document(cold, 'apps/v1')?.hash);
    assert.equal(openApiV3Document(cold, 'apis/nope/v1'), undefined);
  });

  const apps: unknown = JSON.parse(openApiV3Document(cold, 'apps/v1')?.json ?? '{}');
  const P = '/apis/apps/v1/namespaces/{namespace}/deployments';

  it('serves deployments POST/PUT/PATCH with the fieldValidation parameter kubectl looks for', () => {
    for (const [path, verb] of [
      [P, 'post'],
      [`${P}/{name}`, 'put'],
      [`${P}/{name}`, 'patch'],
      [`${P}/{name}/status`, 'patch'],
    ] as const) {
      const op = at(apps, 'paths', path, verb);
      assert.ok(names(at(op, 'parameters')).includes('fieldValidation'), `${verb} ${path}`);
      assert.deepEqual(at(op, 'x-kubernetes-group-version-kind'), { group: 'apps', kind: 'Deployment', version: 'v1' });
    }
    assert.equal(at(apps, 'paths', P, 'post', 'x-kubernetes-action'), 'post');
    assert.equal(at(apps, 'paths', P, 'get', 'x-kubernetes-action'), 'list');
    assert.deepEqual(names(at(apps, 'paths', P, 'get', 'parameters')), [
      'allowWatchBookmarks',
      'continue',
      'fieldSelector',
      'labelSelector',
      'limit',
      'resourceVersion',
      'resourceVersionMatch',
      'sendInitialEvents',
      'timeoutSeconds',
      'watch',
    ]);
    assert.deepEqual(names(at(apps, 'paths', `${P}/{name}`, 'patch', 'parameters')), [
      'dryRun',
      'fieldManager',
      'fieldValidation',
      'force',
    ]);
    assert.deepEqual(at(apps, 'paths', `${P}/{name}/scale`, 'patch', 'x-kubernetes-group-version-kind'), {
      group: 'autoscaling',
      kind: 'Scale',
      version: 'v1',
    });
    assert.equal(at(apps, 'paths', '/apis/apps/v1/deployments', 'get', 'operationId'), 'listAppsV1DeploymentForAllNamespaces');
  });

  it('names schemas as upstream, with the GVK extension and field descriptions', () => {
    const schemas = at(apps, 'components', 'schemas');
    assert.deepEqual(at(schemas, 'io.k8s.api.apps.v1.Deployment', 'x-kubernetes-group-version-kind'), [
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    assert.deepEqual(at(schemas, 'io.k8s.api.apps.v1.Deployment', 'properties', 'metadata', 'allOf'), [
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    ]);
    const replicas = at(schemas, 'io.k8s.api.apps.v1.DeploymentSpec', 'properties', 'replicas');
    assert.equal(at(replicas, 'type'), 'integer');
    assert.equal(at(replicas, 'format'), 'int32');
    assert.match(String(at(replicas, 'description')), /^Number of desired pods\./);
    assert.deepEqual(at(schemas, 'io.k8s.api.apps.v1.DeploymentSpec', 'required'), ['selector', 'template']);
    assert.ok(at(schemas, 'io.k8s.api.core.v1.PodTemplateSpec'));
    assert.equal(at(schemas, 'io.k8s.apimachinery.pkg.util.intstr.IntOrString', 'x-kubernetes-int-or-string'), true);
    assert.equal(at(schemas, 'io.k8s.apimachinery.pkg.api.resource.Quantity', 'type'), 'string');
    assert.deepEqual(at(schemas, 'io.k8s.api.core.v1.ResourceRequirements', 'properties', 'limits', 'additionalProperties'), {
      $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity',
    });
    assert.deepEqual(at(schemas, 'io.k8s.apimachinery.pkg.apis.meta.v1.Time'), {
      description: 'An RFC 3339 timestamp with second precision.',
      format: 'date-time',
      type: 'string',
    });
    assert.equal(at(schemas, 'io.k8s.api.apps.v1.DeploymentStatus', 'properties', 'observedGeneration', 'format'), 'int64');
  });

  it('serves the swagger 2.0 document with definitions and every path', () => {
    const doc: unknown = JSON.parse(v2.json);
    assert.equal(at(doc, 'swagger'), '2.0');
    assert.deepEqual(at(doc, 'definitions', 'io.k8s.api.core.v1.Pod', 'x-kubernetes-group-version-kind'), [
      { group: '', kind: 'Pod', version: 'v1' },
    ]);
    assert.equal(
      at(doc, 'definitions', 'io.k8s.api.core.v1.Pod', 'properties', 'spec', '$ref'),
      '#/definitions/io.k8s.api.core.v1.PodSpec',
    );
    assert.ok(names(at(doc, 'paths', P, 'post', 'parameters')).includes('fieldValidation'));
    assert.equal(at(doc, 'paths', P, 'post', 'parameters', 0, 'in'), 'body');
    assert.ok(at(doc, 'paths', '/api/v1/namespaces/{namespace}/pods/{name}/log', 'get'));
  });
});

describe('OpenAPI v2 parameter descriptions', () => {
  const doc: unknown = JSON.parse(openApiV2Document(BUILTIN_RESOURCES).json);
  const P = '/api/v1/namespaces/{namespace}/pods';
  const describeOf = (path: string, verb: string | undefined, name: string): string => {
    const params = verb ? at(doc, 'paths', path, verb, 'parameters') : at(doc, 'paths', path, 'parameters');
    const p = (params as Array<{ name: string; description: string }>).find((x) => x.name === name);
    assert.ok(p, `${verb ?? 'path'} ${path} has no ${name}`);
    return p.description;
  };

  // Beginnings and ends of upstream's texts (kubernetes api/openapi-spec/swagger.json), which scripts grep.
  const expected: Array<[string, string | undefined, string, string, string]> = [
    [
      P,
      'get',
      'watch',
      'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.',
      'Specify resourceVersion.',
    ],
    [
      P,
      'get',
      'resourceVersion',
      'resourceVersion sets a constraint on what resource versions a request may be served from.',
      'Defaults to unset',
    ],
    [
      P,
      'get',
      'resourceVersionMatch',
      'resourceVersionMatch determines how resourceVersion is applied to list calls.',
      'Defaults to unset',
    ],
    [
      P,
      'get',
      'limit',
      'limit is a maximum number of responses to return for a list call.',
      'the version of the object that was present at the time the first list result was calculated is returned.',
    ],
    [
      P,
      'get',
      'continue',
      'The continue option should be set when retrieving more results from the server.',
      'Clients may start a watch from the last resourceVersion value returned by the server and not miss any modifications.',
    ],
    [P, 'get', 'labelSelector', 'A selector to restrict the list of returned objects by their labels.', 'Defaults to everything.'],
    [P, 'get', 'fieldSelector', 'A selector to restrict the list of returned objects by their fields.', 'Defaults to everything.'],
    [P, 'get', 'timeoutSeconds', 'Timeout for the list/watch call.', 'regardless of any activity or inactivity.'],
    [
      P,
      'get',
      'allowWatchBookmarks',
      'allowWatchBookmarks requests watch events with type "BOOKMARK".',
      'If this is not a watch, this field is ignored.',
    ],
    [
      P,
      'get',
      'sendInitialEvents',
      '`sendInitialEvents=true` may be set together with `watch=true`.',
      '(for backward compatibility reasons) and to false otherwise.',
    ],
    [
      P,
      'post',
      'dryRun',
      'When present, indicates that modifications should not be persisted.',
      'Valid values are: - All: all dry run stages will be processed',
    ],
    [
      P,
      'post',
      'fieldManager',
      'fieldManager is a name associated with the actor or entity that is making these changes.',
      'as defined by https://golang.org/pkg/unicode/#IsPrint.',
    ],
    [
      `${P}/{name}`,
      'patch',
      'fieldManager',
      'fieldManager is a name associated with the actor or entity that is making these changes.',
      'but optional for non-apply patch types (JsonPatch, MergePatch, StrategicMergePatch).',
    ],
    [
      P,
      'post',
      'fieldValidation',
      'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields.',
      'The error returned from the server will contain all unknown and duplicate fields encountered.',
    ],
    [
      `${P}/{name}`,
      'patch',
      'force',
      'Force is going to "force" Apply requests.',
      'Force flag must be unset for non-apply patch requests.',
    ],
    [
      `${P}/{name}`,
      undefined,
      'pretty',
      "If 'true', then the output is pretty printed.",
      'unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).',
    ],
    [
      `${P}/{name}`,
      'delete',
      'gracePeriodSeconds',
      'The duration in seconds before the object should be deleted.',
      'zero means delete immediately.',
    ],
    [
      `${P}/{name}`,
      'delete',
      'propagationPolicy',
      'Whether and how garbage collection will be performed.',
      "'Foreground' - a cascading policy that deletes all dependents in the foreground.",
    ],
    [
      `${P}/{name}`,
      'delete',
      'orphanDependents',
      'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7.',
      'Either this field or PropagationPolicy may be set, but not both.',
    ],
  ];
  for (const [path, verb, name, start, end] of expected) {
    it(`${name} on ${verb ?? 'the path of'} ${path} reads as upstream's`, () => {
      const d = describeOf(path, verb, name);
      assert.ok(d.startsWith(start), `${name}: ${d}`);
      assert.ok(d.endsWith(end), `${name}: ${d}`);
    });
  }
});
