import { ApiError, type StatusCause } from '../../status.errors.js';
import { pathString, type FieldPath } from './field-path.model.js';
import { managerId, printManager, type ManagedEntry } from './managed-fields.model.js';

export interface ApplyConflict {
  readonly owner: ManagedEntry;
  readonly path: FieldPath;
}

/**
 * 409 for an apply that would change fields other managers own, worded as upstream's
 * NewConflictError: one conflict on one line, several grouped by manager.
 */
export function applyConflictError(conflicts: readonly ApplyConflict[]): ApiError {
  const sorted = [...conflicts].sort((a, b) =>
    managerId(a.owner) < managerId(b.owner) ? -1 : managerId(a.owner) > managerId(b.owner) ? 1 : 0,
  );
  const causes: StatusCause[] = sorted.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.owner)}`,
    field: pathString(c.path),
  }));
  let message: string;
  const first = sorted[0];
  if (sorted.length === 1 && first) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(first.owner)}: ${pathString(first.path)}`;
  } else {
    const lines: string[] = [];
    let current: string | undefined;
    for (const c of sorted) {
      const id = managerId(c.owner);
      if (id !== current) {
        lines.push(`conflicts with ${printManager(c.owner)}:`);
        current = id;
      }
      lines.push(`- ${pathString(c.path)}`);
    }
    message = `Apply failed with ${sorted.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}
