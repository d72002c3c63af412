import type { KubeObject } from '../generic/strategy.interface.js';
import { since } from './duration.format.js';
import { doc } from './field.docs.js';
import type { ColumnDefinition } from './table.types.js';

export function column(name: string, type: string, description: string, priority = 0, format = ''): ColumnDefinition {
  return { name, type, format, description, priority };
}

export const nameColumn = (): ColumnDefinition => column('Name', 'string', doc('V1ObjectMeta.name'), 0, 'name');
export const ageColumn = (): ColumnDefinition => column('Age', 'string', doc('V1ObjectMeta.creationTimestamp'));
export const containersColumn = (priority = 1): ColumnDefinition =>
  column('Containers', 'string', 'Names of each container in the template.', priority);
export const imagesColumn = (priority = 1): ColumnDefinition =>
  column('Images', 'string', 'Images referenced by each container in the template.', priority);

export function nameOf(obj: KubeObject): string {
  return obj.metadata?.name ?? '';
}

export function ageOf(obj: KubeObject, now: Date): string {
  return since(obj.metadata?.creationTimestamp, now);
}
