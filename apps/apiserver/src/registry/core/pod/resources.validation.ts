import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { isQualifiedName } from '../../../../../../libs/apimachinery/src/validation/format.validation.js';
import {
  canonicalQuantity,
  compareQuantities,
  parseQuantity,
  type Quantity,
} from '../../../../../../libs/apimachinery/src/quantity/quantity.js';
import { isRecord, type Json } from '../../../../../../libs/apimachinery/src/json/json.access.js';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isStandardContainerResource(name: string): boolean {
  return STANDARD_CONTAINER_RESOURCES.has(name) || name.startsWith('hugepages-');
}

function quantities(m: unknown): Array<[string, Quantity | undefined, unknown]> {
  if (!isRecord(m)) return [];
  return Object.entries(m).map(([k, v]) => {
    try {
      return [k, typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined, v];
    } catch {
      return [k, undefined, v];
    }
  });
}

function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => FieldError.invalid(path, name, m));
  if (errs.length) return errs;
  // Unprefixed names must be one of the standard container resources.
  if (!name.includes('/') && !isStandardContainerResource(name)) {
    return [FieldError.invalid(path, name, 'must be a standard resource for containers')];
  }
  return [];
}

/** ValidateContainerResourceRequirements: names, non-negative amounts, request ≤ limit. */
export function validateResourceRequirements(resources: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits = new Map<string, Quantity>();
  for (const [name, q, raw] of quantities(resources['limits'])) {
    const p = `${path}.limits[${name}]`;
    errs.push(...validateResourceName(name, p));
    if (!q) {
      errs.push(FieldError.invalid(p, raw, 'must be a valid quantity'));
      continue;
    }
    if (q.nanos < 0n) errs.push(FieldError.invalid(p, canonicalQuantity(q), 'must be greater than or equal to 0'));
    limits.set(name, q);
  }
  for (const [name, q, raw] of quantities(resources['requests'])) {
    const p = `${path}.requests[${name}]`;
    errs.push(...validateResourceName(name, p));
    if (!q) {
      errs.push(FieldError.invalid(p, raw, 'must be a valid quantity'));
      continue;
    }
    if (q.nanos < 0n) errs.push(FieldError.invalid(p, canonicalQuantity(q), 'must be greater than or equal to 0'));
    const limit = limits.get(name);
    if (!limit) continue;
    // Extended (vendor-prefixed) resources and hugepages cannot be overcommitted.
    const overcommit = !name.startsWith('hugepages-') && (!name.includes('/') || name.includes('kubernetes.io/'));
    if (!overcommit && compareQuantities(q, limit) !== 0) {
      errs.push(
        FieldError.invalid(`${path}.requests`, canonicalQuantity(q), `must be equal to ${name} limit of ${canonicalQuantity(limit)}`),
      );
    } else if (compareQuantities(q, limit) > 0) {
      errs.push(
        FieldError.invalid(
          `${path}.requests`,
          canonicalQuantity(q),
          `must be less than or equal to ${name} limit of ${canonicalQuantity(limit)}`,
        ),
      );
    }
  }
  return errs;
}
