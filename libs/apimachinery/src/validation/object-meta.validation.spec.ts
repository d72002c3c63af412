import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaInput } from './object-meta.validation.js';
import { nameValidatorFor } from './object-name.validation.js';
import { generateName, MAX_GENERATED_NAME_BASE_LENGTH } from './generate-name.util.js';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QNAME_RE_PART = "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function check(meta: ObjectMetaInput, resource: string, group = '', namespaced = true): string[] {
  return validateObjectMeta(meta, { namespaced, nameValidator: nameValidatorFor(resource, group) }).map((e) => e.toString());
}

describe('validateObjectMeta', () => {
  it('accepts a valid namespaced object', () => {
    assert.deepEqual(check({ name: 'web-1', namespace: 'default', labels: { app: 'web' } }, 'pods'), []);
  });

  it('subdomain names', () => {
    assert.deepEqual(check({ name: 'Foo_Bar', namespace: 'default' }, 'configmaps'), [
      `metadata.name: Invalid value: "Foo_Bar": ${SUBDOMAIN_MSG}`,
    ]);
    assert.deepEqual(check({ name: 'a'.repeat(254), namespace: 'default' }, 'secrets'), [
      `metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`,
    ]);
  });

  it('name or generateName is required', () => {
    assert.deepEqual(check({ namespace: 'default' }, 'pods'), ['metadata.name: Required value: name or generateName is required']);
  });

  it('namespace names are DNS labels without dots', () => {
    assert.deepEqual(check({ name: 'my.ns' }, 'namespaces', '', false), ['metadata.name: Invalid value: "my.ns": must not contain dots']);
    assert.deepEqual(check({ name: 'MyNs' }, 'namespaces', '', false), [
      "metadata.name: Invalid value: \"MyNs\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('service names are RFC 1035 labels', () => {
    assert.deepEqual(check({ name: 'dummy_nginx', namespace: 'default' }, 'services'), [
      "metadata.name: Invalid value: \"dummy_nginx\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('RBAC names are path segments', () => {
    const rbac = 'rbac.authorization.k8s.io';
    assert.deepEqual(check({ name: 'system:admin' }, 'clusterroles', rbac, false), []);
    assert.deepEqual(check({ name: '..' }, 'clusterroles', rbac, false), ['metadata.name: Invalid value: "..": may not be \'..\'']);
    assert.deepEqual(check({ name: 'a/b%c', namespace: 'ns' }, 'roles', rbac), [
      'metadata.name: Invalid value: "a/b%c": may not contain \'/\'',
      'metadata.name: Invalid value: "a/b%c": may not contain \'%\'',
    ]);
  });

  it('namespace presence follows scope', () => {
    assert.deepEqual(check({ name: 'x' }, 'pods'), ['metadata.namespace: Required value']);
    assert.deepEqual(check({ name: 'x', namespace: 'default' }, 'nodes', '', false), [
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });

  it('label keys and values', () => {
    assert.deepEqual(check({ name: 'x', namespace: 'd', labels: { 'app.kubernetes_io/name': 'v' } }, 'pods'), [
      `metadata.labels: Invalid value: "app.kubernetes_io/name": prefix part ${SUBDOMAIN_MSG}`,
    ]);
    const long = 'v'.repeat(64);
    assert.deepEqual(check({ name: 'x', namespace: 'd', labels: { app: long } }, 'pods'), [
      `metadata.labels: Invalid value: "${long}": must be no more than 63 characters`,
    ]);
    assert.deepEqual(check({ name: 'x', namespace: 'd', labels: { 'a/b/c': 'v' } }, 'pods'), [
      `metadata.labels: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', ${QNAME_RE_PART} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ]);
  });

  it('annotation keys are case-insensitive and the total is capped at 256 KiB', () => {
    assert.deepEqual(check({ name: 'x', namespace: 'd', annotations: { 'Example.COM/Key': 'v' } }, 'pods'), []);
    assert.deepEqual(check({ name: 'x', namespace: 'd', annotations: { big: 'x'.repeat(262142) } }, 'pods'), [
      'metadata.annotations: Too long: must have at most 262144 bytes',
    ]);
    assert.deepEqual(check({ name: 'x', namespace: 'd', annotations: { big: 'x'.repeat(262141) } }, 'pods'), []);
  });

  it('owner references need apiVersion, kind, name and uid', () => {
    assert.deepEqual(check({ name: 'x', namespace: 'd', ownerReferences: [{ apiVersion: 'apps/v1' }] }, 'pods'), [
      'metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": name must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
    ]);
    assert.deepEqual(
      check({ name: 'x', namespace: 'd', ownerReferences: [{ apiVersion: 'apps/', kind: 'K', name: 'n', uid: 'u' }] }, 'pods'),
      ['metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty'],
    );
  });

  it('finalizers are qualified names', () => {
    assert.deepEqual(check({ name: 'x', namespace: 'd', finalizers: ['example.com/cleanup', 'bad name'] }, 'pods'), [
      `metadata.finalizers: Invalid value: "bad name": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', ${QNAME_RE_PART}`,
    ]);
  });

  it('generateName is validated as a prefix', () => {
    assert.deepEqual(check({ name: 'web-abcde', generateName: 'web-', namespace: 'd' }, 'pods'), []);
    assert.deepEqual(check({ name: 'web-abcde', generateName: 'Web-', namespace: 'd' }, 'pods'), [
      `metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_MSG}`,
    ]);
  });
});

describe('validateObjectMetaUpdate', () => {
  const old: ObjectMetaInput = { name: 'a', namespace: 'd', uid: 'u1', resourceVersion: '5', generation: 2 };

  it('accepts unchanged identity', () => {
    assert.deepEqual(validateObjectMetaUpdate({ ...old }, old), []);
  });

  it('name, namespace and uid are immutable', () => {
    const errs = validateObjectMetaUpdate({ ...old, name: 'b', namespace: 'e', uid: 'u2' }, old).map(String);
    assert.deepEqual(errs, [
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.namespace: Invalid value: "e": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
    ]);
  });

  it('requires resourceVersion and a non-decreasing generation', () => {
    const errs = validateObjectMetaUpdate({ ...old, resourceVersion: '', generation: 1 }, old).map(String);
    assert.deepEqual(errs, [
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
      'metadata.generation: Invalid value: 1: must not be decremented',
    ]);
  });

  it('no new finalizers once deleting', () => {
    const deleting = { ...old, deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['a.io/x'] };
    const errs = validateObjectMetaUpdate({ ...deleting, finalizers: ['a.io/x', 'b.io/y'] }, deleting).map(String);
    assert.deepEqual(errs, [
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    ]);
  });
});

describe('generateName', () => {
  it('appends 5 characters from the upstream alphabet', () => {
    const n = generateName('web-');
    assert.match(n, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('truncates the base to 58 characters', () => {
    const n = generateName('x'.repeat(70), () => 0);
    assert.equal(MAX_GENERATED_NAME_BASE_LENGTH, 58);
    assert.equal(n, `${'x'.repeat(58)}bbbbb`);
  });
});

describe('nameValidatorFor', () => {
  it('picks upstream rules per resource', () => {
    assert.deepEqual(nameValidatorFor('configmaps')('a.b', false), []);
    assert.deepEqual(nameValidatorFor('namespaces')('a.b', false), ['must not contain dots']);
    assert.deepEqual(nameValidatorFor('statefulsets', 'apps')('a.b', false), ['must not contain dots']);
    assert.deepEqual(nameValidatorFor('deployments', 'apps')('a.b', false), []);
    assert.equal(nameValidatorFor('services')('1abc', false).length, 1);
    assert.deepEqual(nameValidatorFor('clusterroles', 'rbac.authorization.k8s.io')('system:node', false), []);
  });
});
