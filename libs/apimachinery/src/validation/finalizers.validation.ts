import { FieldError } from '../status.errors.js';
import { isQualifiedName } from './format.validation.js';

const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

function validateFinalizerName(name: string, fldPath: string): FieldError[] {
  return isQualifiedName(name).map((msg) => FieldError.invalid(fldPath, name, msg));
}

export function validateFinalizers(finalizers: readonly string[] | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!finalizers) return errs;
  let orphan = false;
  let foreground = false;
  for (const f of finalizers) {
    errs.push(...validateFinalizerName(f, fldPath));
    if (f === FINALIZER_ORPHAN_DEPENDENTS) orphan = true;
    if (f === FINALIZER_DELETE_DEPENDENTS) foreground = true;
  }
  if (orphan && foreground) {
    errs.push(
      FieldError.invalid(
        fldPath,
        finalizers,
        `finalizer ${FINALIZER_ORPHAN_DEPENDENTS} and ${FINALIZER_DELETE_DEPENDENTS} cannot be both set`,
      ),
    );
  }
  return errs;
}

/** Once deletionTimestamp is set, finalizers may only be removed. Message lists new ones as Go's %#v of a sorted []string. */
export function validateNoNewFinalizers(
  newFinalizers: readonly string[] | undefined,
  oldFinalizers: readonly string[] | undefined,
  fldPath: string,
): FieldError[] {
  const old = new Set(oldFinalizers ?? []);
  const extra = [...new Set(newFinalizers ?? [])].filter((f) => !old.has(f)).sort();
  if (extra.length === 0) return [];
  const goList = `[]string{${extra.map((f) => JSON.stringify(f)).join(', ')}}`;
  return [FieldError.forbidden(fldPath, `no new finalizers can be added if the object is being deleted, found new finalizers ${goList}`)];
}
