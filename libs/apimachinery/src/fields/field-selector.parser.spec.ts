import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../status.errors.js';
import { parseFieldSelector } from './field-selector.parser.js';
import { assertFieldsForResource, assertSupportedFields, SUPPORTED_FIELD_LABELS } from './field-labels.table.js';

function badRequest(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 400);
    assert.equal(e.message, message);
    return true;
  });
}

const getter = (o: Record<string, string>) => (f: string) => o[f];

describe('parseFieldSelector', () => {
  it('empty selects everything', () => {
    const s = parseFieldSelector('');
    assert.equal(s.empty, true);
    assert.equal(
      s.matches(() => undefined),
      true,
    );
  });

  it('=, == and != with comma AND, terms kept sorted', () => {
    const s = parseFieldSelector('status.phase!=Running,spec.restartPolicy==Always');
    assert.equal(s.toString(), 'spec.restartPolicy=Always,status.phase!=Running');
    assert.equal(s.matches(getter({ 'status.phase': 'Pending', 'spec.restartPolicy': 'Always' })), true);
    assert.equal(s.matches(getter({ 'status.phase': 'Running', 'spec.restartPolicy': 'Always' })), false);
  });

  it('an absent field compares as the empty string', () => {
    assert.equal(
      parseFieldSelector('spec.nodeName=').matches(() => undefined),
      true,
    );
    assert.equal(
      parseFieldSelector('spec.nodeName!=').matches(() => undefined),
      false,
    );
  });

  it('unescapes values and escapes them back', () => {
    const s = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d,metadata.namespace=x');
    assert.equal(s.exactMatch('metadata.name'), 'a,b=c\\d');
    assert.equal(s.toString(), 'metadata.name=a\\,b\\=c\\\\d,metadata.namespace=x');
  });

  it('exactMatch ignores != terms', () => {
    assert.equal(parseFieldSelector('spec.nodeName=n1').exactMatch('spec.nodeName'), 'n1');
    assert.equal(parseFieldSelector('spec.nodeName!=n1').exactMatch('spec.nodeName'), undefined);
  });

  it('rejects with upstream messages', () => {
    badRequest(() => parseFieldSelector('foo'), "invalid selector: 'foo'; can't understand 'foo'");
    badRequest(() => parseFieldSelector('a=1,bar'), "invalid selector: 'a=1,bar'; can't understand 'bar'");
    badRequest(() => parseFieldSelector('metadata.name=a=b'), 'invalid field selector: unescaped character in value: 61');
    badRequest(() => parseFieldSelector('metadata.name!==x'), 'invalid field selector: unescaped character in value: 61');
    badRequest(() => parseFieldSelector('metadata.name=a\\x'), 'invalid field selector: invalid escape sequence: \\x');
    badRequest(() => parseFieldSelector('metadata.name=a\\'), 'invalid field selector: invalid escape sequence: \\');
  });
});

describe('supported field labels', () => {
  it('kinds with conversion functions answer "field label not supported"', () => {
    const pods = SUPPORTED_FIELD_LABELS['pods'] ?? [];
    assertSupportedFields(parseFieldSelector('spec.nodeName=n1,status.phase=Running'), pods);
    badRequest(() => assertSupportedFields(parseFieldSelector('spec.nodeName=n1,foo.bar=baz'), pods), 'field label not supported: foo.bar');
  });

  it('other kinds answer with the default message', () => {
    badRequest(
      () => assertFieldsForResource(parseFieldSelector('foo.bar=baz'), 'ingresses', 'networking.k8s.io'),
      '"foo.bar" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    assertFieldsForResource(parseFieldSelector('metadata.namespace=default'), 'configmaps');
  });
});
