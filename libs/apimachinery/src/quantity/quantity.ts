/**
 * resource.Quantity as the API server treats it: parsed exactly (nano precision, rounded up like
 * upstream), compared exactly, and re-serialised in canonical form (`0.5` → `500m`, `1536Ki` → `1536Ki`,
 * `1.5Gi` → `1536Mi`, `2000` → `2k`). Values are kept as a bigint count of nano-units so no float error
 * can leak into comparisons or output.
 */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value × 10^9, rounded away from zero at the ninth decimal as upstream does. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

export const QUANTITY_REGEX_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

export class QuantityParseError extends Error {}

const NANO = 1_000_000_000n;
const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SHAPE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

function pow10(e: number): bigint {
  return 10n ** BigInt(e);
}

/** Divides rounding away from zero (upstream rounds sub-nano fractions up). */
function divCeil(n: bigint, d: bigint): bigint {
  const q = n / d;
  if (n % d === 0n) return q;
  return n < 0n ? q - 1n : q + 1n;
}

export function parseQuantity(input: string | number): Quantity {
  const text = typeof input === 'number' ? String(input) : input.trim();
  const shape = SHAPE.exec(text);
  if (!shape || text.length === 0) throw new QuantityParseError(QUANTITY_REGEX_MESSAGE);
  const numberPart = shape[1] ?? '';
  const suffix = shape[2] ?? '';
  const num = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(numberPart);
  if (!num || ((num[2] ?? '') === '' && (num[3] ?? '') === '')) {
    throw new QuantityParseError('unable to parse numeric part of quantity');
  }
  const negative = num[1] === '-';
  const intDigits = num[2] ?? '';
  const fracDigits = num[3] ?? '';
  // Exact value as mantissa × 10^-scale.
  const mantissa = BigInt((intDigits || '0') + fracDigits);
  const scale = fracDigits.length;

  let format: QuantityFormat;
  let numerator = mantissa * NANO;
  let denominator = pow10(scale);
  const dec = DECIMAL_SUFFIX[suffix];
  const bin = BINARY_SUFFIX[suffix];
  if (dec !== undefined) {
    format = 'DecimalSI';
    if (dec >= 0) numerator *= pow10(dec);
    else denominator *= pow10(-dec);
  } else if (bin !== undefined) {
    format = 'BinarySI';
    numerator *= 1n << BigInt(bin);
  } else {
    const exp = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
    if (!exp) throw new QuantityParseError("unable to parse quantity's suffix");
    format = 'DecimalExponent';
    const e = Number(exp[1]);
    if (e >= 0) numerator *= pow10(e);
    else denominator *= pow10(-e);
  }
  const magnitude = divCeil(numerator, denominator);
  return { nanos: negative ? -magnitude : magnitude, format };
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.format };
}

/** Whole units, rounded up (upstream Value()). */
export function quantityValue(q: Quantity): bigint {
  return divCeil(q.nanos, NANO);
}

/** Thousandths, rounded up (upstream MilliValue(); what schedulers sum for cpu). */
export function quantityMilliValue(q: Quantity): bigint {
  return divCeil(q.nanos, 1_000_000n);
}

const DECIMAL_NAME: Readonly<Record<number, string>> = {
  [-9]: 'n',
  [-6]: 'u',
  [-3]: 'm',
  0: '',
  3: 'k',
  6: 'M',
  9: 'G',
  12: 'T',
  15: 'P',
  18: 'E',
};
const BINARY_NAME = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;

function canonicalDecimal(nanos: bigint, format: QuantityFormat): string {
  const sign = nanos < 0n ? '-' : '';
  let m = nanos < 0n ? -nanos : nanos;
  let e = -9;
  // Largest exponent (a multiple of 3) that keeps the mantissa integral.
  while (m % 1000n === 0n && e < 18) {
    m /= 1000n;
    e += 3;
  }
  if (format === 'DecimalExponent') return `${sign}${m}${e === 0 ? '' : `e${e}`}`;
  return `${sign}${m}${DECIMAL_NAME[e] ?? ''}`;
}

export function canonicalQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  if (q.format === 'BinarySI') {
    const abs = q.nanos < 0n ? -q.nanos : q.nanos;
    // Small or fractional binary amounts are shown as decimal rather than rounded.
    if (abs < 1024n * NANO || abs % NANO !== 0n) return canonicalDecimal(q.nanos, 'DecimalSI');
    let units = abs / NANO;
    let i = 0;
    while (units % 1024n === 0n && i < BINARY_NAME.length - 1) {
      units /= 1024n;
      i++;
    }
    return `${q.nanos < 0n ? '-' : ''}${units}${BINARY_NAME[i]}`;
  }
  return canonicalDecimal(q.nanos, q.format);
}

/** Parses and re-serialises; throws QuantityParseError with upstream's decoder message. */
export function canonicalize(input: string | number): string {
  return canonicalQuantity(parseQuantity(input));
}
