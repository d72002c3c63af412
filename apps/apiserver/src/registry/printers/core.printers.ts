import { ageColumn, ageOf, column, nameColumn, nameOf } from './columns.common.js';
import { doc } from './field.docs.js';
import { containerCells, formatLabels } from './label.format.js';
import { arr, at, rec, str } from './object.access.js';
import type { TablePrinter } from './table.types.js';

export const namespacePrinter: TablePrinter = {
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  row(obj, now) {
    return [nameOf(obj), str(rec(obj.status)['phase']), ageOf(obj, now)];
  },
};

export const configMapPrinter: TablePrinter = {
  columns: [nameColumn(), column('Data', 'string', doc('V1ConfigMap.data')), ageColumn()],
  row(obj, now) {
    return [nameOf(obj), Object.keys(rec(obj['data'])).length + Object.keys(rec(obj['binaryData'])).length, ageOf(obj, now)];
  },
};

export const secretPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Type', 'string', doc('V1Secret.type')),
    column('Data', 'string', doc('V1Secret.data')),
    ageColumn(),
  ],
  row(obj, now) {
    return [nameOf(obj), str(obj['type']), Object.keys(rec(obj['data'])).length, ageOf(obj, now)];
  },
};

export const serviceAccountPrinter: TablePrinter = {
  columns: [nameColumn(), column('Secrets', 'string', doc('V1ServiceAccount.secrets')), ageColumn()],
  row(obj, now) {
    return [nameOf(obj), arr(obj['secrets']).length, ageOf(obj, now)];
  },
};

export const podTemplatePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Containers', 'string', 'Names of each container in the template.'),
    column('Images', 'string', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  row(obj) {
    const template = obj['template'];
    const [names, images] = containerCells(at(template, 'spec'));
    return [nameOf(obj), names, images, formatLabels(at(template, 'metadata', 'labels'))];
  },
};

/** REQUEST and LIMIT: `resource: used/hard` pairs sorted by resource name; `limits.*` go right. */
export const resourceQuotaPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    ageColumn(),
  ],
  row(obj, now) {
    const hard = rec(at(obj.status, 'hard'));
    const used = rec(at(obj.status, 'used'));
    const requests: string[] = [];
    const limits: string[] = [];
    for (const name of Object.keys(hard).sort()) {
      const pieces = name.split('.');
      const target = pieces.length > 1 && pieces[0] === 'limits' ? limits : requests;
      target.push(`${name}: ${quantity(used[name])}/${quantity(hard[name])}`);
    }
    return [nameOf(obj), requests.join(', '), limits.join(', '), ageOf(obj, now)];
  },
};

/** A stored quantity as text; an absent one is Go's zero Quantity, "0". */
export function quantity(v: unknown): string {
  if (typeof v === 'number') return String(v);
  return str(v) || '0';
}
