import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../../libs/apimachinery/src/status.errors.js';
import { ListQuery, parseQuery, parseQueryBool, parseWriteQuery } from './query.options.js';
import { watchDurationMs } from './watch.stream.js';

describe('query booleans (runtime.Convert_Slice_string_To_bool)', () => {
  it('only false and 0, in any case, are false; everything else is true', () => {
    for (const v of ['false', 'False', 'FALSE', '0']) assert.equal(parseQueryBool(v), false, v);
    for (const v of ['true', 'True', '1', 'yes', '', 'no', 'off']) assert.equal(parseQueryBool(v), true, JSON.stringify(v));
  });

  it('a repeated parameter counts with its first value', () => {
    assert.equal(parseQuery(ListQuery, { watch: ['True', 'false'] }).watch, true);
    assert.equal(parseQuery(ListQuery, { limit: ['5', 'x'] }).limit, 5);
  });
});

describe('query integers (strconv.ParseInt base 10, 64 bits)', () => {
  const badRequest = (q: Record<string, unknown>, message: string) =>
    assert.throws(
      () => parseQuery(ListQuery, q),
      (e: unknown) => e instanceof ApiError && e.code === 400 && e.message === message,
    );

  it('int64 bounds are accepted, one past them is out of range', () => {
    assert.equal(parseQuery(ListQuery, { limit: '9223372036854775807' }).limit, 2 ** 63);
    assert.equal(parseQuery(ListQuery, { limit: '-9223372036854775808' }).limit, -(2 ** 63));
    assert.equal(parseQuery(ListQuery, { limit: '+7' }).limit, 7);
    badRequest({ limit: '9223372036854775808' }, 'strconv.ParseInt: parsing "9223372036854775808": value out of range');
    badRequest({ timeoutSeconds: '-9223372036854775809' }, 'strconv.ParseInt: parsing "-9223372036854775809": value out of range');
  });

  it('anything but an optionally signed decimal is invalid syntax', () => {
    for (const v of ['', '1.5', '0x10', '1e3', ' 1', 'ten'])
      badRequest({ limit: v }, `strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  });
});

describe('fieldManager (ValidateFieldManager)', () => {
  const invalid = (fm: string) => {
    try {
      parseWriteQuery({ fieldManager: fm }, 'UpdateOptions');
    } catch (e) {
      assert.ok(e instanceof ApiError && e.code === 422);
      return e.message;
    }
    return undefined;
  };

  it('at most 128 bytes, counted in UTF-8', () => {
    assert.equal(invalid('m'.repeat(128)), undefined);
    assert.equal(invalid('m'.repeat(129)), 'UpdateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: must have at most 128 bytes');
    assert.match(invalid('é'.repeat(65)) ?? '', /Too long/);
  });

  it('printable characters only, positions in bytes', () => {
    assert.equal(invalid('kubectl-client side'), undefined);
    assert.match(invalid('é\tx') ?? '', /invalid character U\+0009 \(at position 2\)$/);
  });
});

describe('watch duration', () => {
  it('absent or 0 is the server default, randomized in [1800 s, 3600 s)', () => {
    assert.equal(watchDurationMs(undefined, 0), 1_800_000);
    assert.equal(watchDurationMs(0, 0.5), 2_700_000);
    assert.ok(watchDurationMs(0, 0.999999) < 3_600_000);
  });

  it('a value is taken as is; a negative one ends the watch at once', () => {
    assert.equal(watchDurationMs(3_000_000), 3_000_000_000);
    assert.equal(watchDurationMs(-5), 0);
  });
});
