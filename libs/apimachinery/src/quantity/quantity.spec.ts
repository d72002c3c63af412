import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalize, compareQuantities, parseQuantity, quantityMilliValue, quantityValue, QUANTITY_REGEX_MESSAGE } from './quantity.js';

describe('Quantity canonical form', () => {
  const cases: Array<[string | number, string]> = [
    ['100m', '100m'],
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['2000', '2k'],
    ['1', '1'],
    ['1Gi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['1024Mi', '1Gi'],
    ['512', '512'],
    ['100Ki', '100Ki'],
    ['0.5Ki', '512'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['0', '0'],
    ['0Mi', '0'],
    ['0.1m', '100u'],
    ['1n', '1n'],
    ['0.1n', '1n'],
    [2, '2'],
    [0.25, '250m'],
    ['-1', '-1'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['129M', '129M'],
    ['123Mi', '123Mi'],
  ];
  for (const [input, out] of cases) {
    it(`${String(input)} → ${out}`, () => assert.equal(canonicalize(input), out));
  }
});

describe('Quantity parse errors', () => {
  it('rejects text with the decoder message', () => {
    assert.throws(() => parseQuantity('abc'), { message: QUANTITY_REGEX_MESSAGE });
    assert.throws(() => parseQuantity(''), { message: QUANTITY_REGEX_MESSAGE });
  });
  it('rejects unknown suffixes and malformed numbers', () => {
    assert.throws(() => parseQuantity('1Q'), { message: QUANTITY_REGEX_MESSAGE });
    assert.throws(() => parseQuantity('1kk'), { message: "unable to parse quantity's suffix" });
    assert.throws(() => parseQuantity('1.2.3'), { message: 'unable to parse numeric part of quantity' });
  });
});

describe('Quantity arithmetic', () => {
  it('compares across formats', () => {
    assert.equal(compareQuantities(parseQuantity('1'), parseQuantity('1000m')), 0);
    assert.equal(compareQuantities(parseQuantity('1Gi'), parseQuantity('1G')), 1);
    assert.equal(compareQuantities(parseQuantity('500m'), parseQuantity('1')), -1);
  });
  it('rounds Value and MilliValue up', () => {
    assert.equal(quantityValue(parseQuantity('1500m')), 2n);
    assert.equal(quantityMilliValue(parseQuantity('1.5')), 1500n);
    assert.equal(quantityMilliValue(parseQuantity('1n')), 1n);
  });
});
