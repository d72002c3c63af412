import type { KubeObject } from '../generic/strategy.interface.js';
import type { ColumnDefinition, TablePrinter, TableRowCondition } from './table.types.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';
type TableApiVersion = 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1';

interface TableListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  /** null for includeObject=None: upstream's empty RawExtension serializes as null. */
  object: unknown;
}

interface Table {
  kind: 'Table';
  apiVersion: TableApiVersion;
  metadata: TableListMeta;
  /** null on watch events after the first, exactly as upstream's NoHeaders leaves it. */
  columnDefinitions: ColumnDefinition[] | null;
  rows: TableRow[];
}

interface BuildTableOptions {
  includeObject: IncludeObject;
  listMeta: TableListMeta;
  now: Date;
  /** The Table version the client asked for; kubectl 1.32 asks for v1. */
  apiVersion?: TableApiVersion;
}

function embedded(obj: KubeObject, include: IncludeObject, apiVersion: TableApiVersion): unknown {
  switch (include) {
    case 'None':
      return null;
    case 'Object':
      return obj;
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion, metadata: obj.metadata ?? {} };
  }
}

function row(printer: TablePrinter, obj: KubeObject, include: IncludeObject, apiVersion: TableApiVersion, now: Date): TableRow {
  const conditions = printer.conditions?.(obj);
  const out: TableRow = { cells: printer.row(obj, now), object: embedded(obj, include, apiVersion) };
  if (conditions && conditions.length > 0) return { cells: out.cells, conditions, object: out.object };
  return out;
}

/** Only set list-meta fields are serialized (they are omitempty upstream). */
function listMeta(meta: TableListMeta): TableListMeta {
  const out: TableListMeta = {};
  if (meta.resourceVersion) out.resourceVersion = meta.resourceVersion;
  if (meta.continue) out.continue = meta.continue;
  if (meta.remainingItemCount !== undefined && meta.remainingItemCount !== null) out.remainingItemCount = meta.remainingItemCount;
  return out;
}

/** A meta.k8s.io Table for a list or a single get (pass the object's resourceVersion as listMeta). */
export function buildTable(printer: TablePrinter, objects: KubeObject[], opts: BuildTableOptions): Table {
  const apiVersion = opts.apiVersion ?? 'meta.k8s.io/v1';
  return {
    kind: 'Table',
    apiVersion,
    metadata: listMeta(opts.listMeta),
    columnDefinitions: printer.columns.map((c) => ({ ...c })),
    rows: objects.map((o) => row(printer, o, opts.includeObject, apiVersion, opts.now)),
  };
}

interface WatchTableOptions {
  includeObject: IncludeObject;
  now: Date;
  apiVersion?: TableApiVersion;
}

/**
 * The object of one watch event as a one-row Table. Upstream sends column definitions with the
 * first event of the stream only; later events carry `columnDefinitions: null`.
 */
export function buildWatchTable(printer: TablePrinter, obj: KubeObject, first: boolean, opts: WatchTableOptions): Table {
  const table = buildTable(printer, [obj], {
    includeObject: opts.includeObject,
    now: opts.now,
    apiVersion: opts.apiVersion ?? 'meta.k8s.io/v1',
    listMeta: { resourceVersion: obj.metadata?.resourceVersion ?? '' },
  });
  return first ? table : { ...table, columnDefinitions: null };
}
