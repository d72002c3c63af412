import { column, nameColumn, nameOf } from './columns.common.js';
import { rfc3339 } from './duration.format.js';
import { doc } from './field.docs.js';
import type { TablePrinter } from './table.types.js';

/**
 * The generic registry's table convertor, used for kinds without a dedicated printer (roles,
 * limitranges, CRDs…): NAME and CREATED AT as an RFC 3339 date that kubectl turns into an age.
 */
export const defaultPrinter: TablePrinter = {
  columns: [nameColumn(), column('Created At', 'date', doc('V1ObjectMeta.creationTimestamp'))],
  row(obj) {
    return [nameOf(obj), rfc3339(obj.metadata?.creationTimestamp)];
  },
};
