import type { KubeObject } from '../generic/strategy.interface.js';

/** meta.k8s.io/v1 TableColumnDefinition; every field is always serialized, as upstream does. */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** meta.k8s.io/v1 TableRowCondition (upstream sets `Completed` on finished pods). */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/**
 * The columns of one kind and how to fill a row. Rows always carry the priority-1 cells too:
 * the server prints wide and kubectl hides those columns unless `-o wide`.
 */
export interface TablePrinter {
  columns: ColumnDefinition[];
  row(obj: KubeObject, now: Date): unknown[];
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}
