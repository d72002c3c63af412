import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../status.errors.js';
import { parseLabelSelector } from './label-selector.parser.js';

function rejects(selector: string, message: string): void {
  assert.throws(
    () => parseLabelSelector(selector),
    (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 400);
      assert.equal(e.reason, 'BadRequest');
      assert.equal(e.message, message);
      return true;
    },
    selector,
  );
}

const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const OPS = 'in, notin, =, ==, !=, gt, lt';

describe('parseLabelSelector errors (upstream texts)', () => {
  it('set operator without values', () => rejects('a in', "unable to parse requirement: found '' expected: '('"));
  it('invalid label value', () => rejects('a=-x', `unable to parse requirement: values[0][a]: Invalid value: "-x": ${LABEL_VALUE_MSG}`));
  it('invalid key reports the nil field path', () =>
    rejects('app:monolith', `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART_MSG}`));
  it('missing operator', () => rejects('type=app,versionv1.0.1)', `unable to parse requirement: found ')', expected: ${OPS}`));
  it('operators are case-sensitive', () => rejects('env IN (a)', `unable to parse requirement: found 'IN', expected: ${OPS}`));
  it('two words', () => rejects('a b', `unable to parse requirement: found 'b', expected: ${OPS}`));
  it('parenthesis after =', () => rejects('app=(', "unable to parse requirement: found '(', expected: identifier"));
  it('run of equals signs', () => rejects('test-label=====service1', "unable to parse requirement: found '==', expected: identifier"));
  it('operator inside a value set', () =>
    rejects('label0==label0, label0 in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"));
  it('non-integer for gt', () =>
    rejects(
      'environment>qa',
      `unable to parse requirement: values[0]: Invalid value: "qa": for 'Gt', 'Lt' operators, the value must be an integer`,
    ));
  it('trailing comma', () => rejects('a,', "found '', expected: identifier after ','"));
  it('leading comma', () => rejects(',a', "found ',', expected: !, identifier, or 'end of string'"));
  it('value followed by another operator', () => rejects('a=b=c', "found '=', expected: ',' or 'end of string'"));
  it('does-not-exist takes no value', () => rejects('!a=b', "found '=', expected: ',' or 'end of string'"));
});

describe('parseLabelSelector matching', () => {
  it('empty string selects everything', () => {
    const s = parseLabelSelector('');
    assert.equal(s.empty, true);
    assert.equal(s.matches(undefined), true);
    assert.equal(s.matches({ a: 'b' }), true);
    assert.equal(s.toString(), '');
  });

  it('equality forms, including an empty value after ==', () => {
    assert.equal(parseLabelSelector('a=b').matches({ a: 'b' }), true);
    assert.equal(parseLabelSelector('a==b').matches({ a: 'c' }), false);
    const empty = parseLabelSelector('a==');
    assert.equal(empty.matches({ a: '' }), true);
    assert.equal(empty.matches({ a: 'x' }), false);
    assert.equal(empty.matches({}), false);
    assert.equal(parseLabelSelector('a!=b').matches({}), true);
    assert.equal(parseLabelSelector('a!=b').matches({ a: 'b' }), false);
  });

  it('set-based, exists and does-not-exist', () => {
    const s = parseLabelSelector('env in (prod, dev),tier notin (db),app,!legacy');
    assert.equal(s.matches({ env: 'dev', app: 'x' }), true);
    assert.equal(s.matches({ env: 'dev', app: 'x', tier: 'db' }), false);
    assert.equal(s.matches({ env: 'qa', app: 'x' }), false);
    assert.equal(s.matches({ env: 'prod' }), false);
    assert.equal(s.matches({ env: 'prod', app: '', legacy: 'true' }), false);
  });

  it('in/notin are plain words in value position', () => {
    assert.equal(parseLabelSelector('in in (in,notin)').matches({ in: 'notin' }), true);
  });

  it('gt and lt compare as 64-bit integers', () => {
    const gt = parseLabelSelector('a>1');
    assert.equal(gt.matches({ a: '2' }), true);
    assert.equal(gt.matches({ a: '1' }), false);
    assert.equal(gt.matches({ a: 'x' }), false);
    assert.equal(gt.matches({}), false);
    assert.equal(parseLabelSelector('a<1').matches({ a: '-5' }), true);
    assert.equal(parseLabelSelector('a>1').matches({ a: '99999999999999999999' }), false);
  });

  it('does not treat inherited properties as labels', () => {
    assert.equal(parseLabelSelector('constructor').matches({}), false);
    assert.equal(parseLabelSelector('!toString').matches({}), true);
  });

  it('canonical string is sorted by key with sorted values', () => {
    assert.equal(parseLabelSelector('z notin (),y,x in (foo,,baz)').toString(), 'x in (,baz,foo),y,z notin ()');
    assert.equal(parseLabelSelector('b==1, a!=2,!c').toString(), 'a!=2,b==1,!c');
  });

  it('exact match pins a key for index lookups', () => {
    assert.equal(parseLabelSelector('a=x,b in (y)').requiresExactMatch('b'), 'y');
    assert.equal(parseLabelSelector('a=x').requiresExactMatch('a'), 'x');
    assert.equal(parseLabelSelector('a in (x,y)').requiresExactMatch('a'), undefined);
    assert.equal(parseLabelSelector('a!=x').requiresExactMatch('a'), undefined);
  });
});
