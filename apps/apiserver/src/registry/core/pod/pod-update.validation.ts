import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { isInt, isRecord, jsonEqual, records, type Json } from '../../../../../../libs/apimachinery/src/json/json.access.js';

export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function goName(field: string): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}

/** A short cmp.Diff-like rendering of the top-level spec fields that changed. */
function specDiff(oldSpec: Json, newSpec: Json): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])];
  const lines = ['  core.PodSpec{'];
  for (const k of keys) {
    // The internal core.PodSpec upstream diffs has no deprecated serviceAccount alias.
    if (k === 'serviceAccount' || jsonEqual(oldSpec[k], newSpec[k])) continue;
    if (oldSpec[k] !== undefined) lines.push(`- \t${goName(k)}: ${JSON.stringify(oldSpec[k])},`);
    if (newSpec[k] !== undefined) lines.push(`+ \t${goName(k)}: ${JSON.stringify(newSpec[k])},`);
  }
  lines.push('  }');
  return lines.join('\n');
}

function withImagesOf(mutable: Json[], source: Json[]): void {
  mutable.forEach((c, i) => {
    const from = source[i];
    if (from) c['image'] = from['image'];
  });
}

/** ValidatePodUpdate's spec rules: only images, deadlines, added tolerations and a grace fix-up may change. */
export function validatePodSpecUpdate(newSpec: Json, oldSpec: Json): FieldError[] {
  const errs: FieldError[] = [];
  const newContainers = records(newSpec['containers']);
  const oldContainers = records(oldSpec['containers']);
  if (newContainers.length !== oldContainers.length) {
    return [FieldError.forbidden('spec.containers', 'pod updates may not add or remove containers')];
  }
  const newInit = records(newSpec['initContainers']);
  const oldInit = records(oldSpec['initContainers']);
  if (newInit.length !== oldInit.length) {
    return [FieldError.forbidden('spec.initContainers', 'pod updates may not add or remove containers')];
  }

  const oldAds = oldSpec['activeDeadlineSeconds'];
  const newAds = newSpec['activeDeadlineSeconds'];
  if (isInt(oldAds)) {
    if (!isInt(newAds))
      errs.push(FieldError.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
    else if (newAds > oldAds)
      errs.push(FieldError.invalid('spec.activeDeadlineSeconds', newAds, 'must be less than or equal to previous value'));
  }

  const oldTolerations = records(oldSpec['tolerations']);
  const newTolerations = records(newSpec['tolerations']);
  const kept = oldTolerations.every((o) => newTolerations.some((n) => jsonEqual(stripSeconds(n), stripSeconds(o))));
  if (!kept) errs.push(FieldError.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));

  // Compare everything else: start from the new spec and put back what may legitimately differ.
  const munged: Json = structuredClone(newSpec);
  withImagesOf(records(munged['containers']), oldContainers);
  withImagesOf(records(munged['initContainers']), oldInit);
  setOrDelete(munged, 'activeDeadlineSeconds', oldSpec['activeDeadlineSeconds']);
  setOrDelete(munged, 'tolerations', oldSpec['tolerations']);
  const oldGrace = oldSpec['terminationGracePeriodSeconds'];
  if (isInt(oldGrace) && oldGrace < 0 && munged['terminationGracePeriodSeconds'] === 1) munged['terminationGracePeriodSeconds'] = oldGrace;
  if (!jsonEqual(munged, oldSpec)) errs.push(FieldError.forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n${specDiff(oldSpec, munged)}`));
  return errs;
}

function stripSeconds(t: Json): Json {
  const { tolerationSeconds: _ignored, ...rest } = t;
  return rest;
}

function setOrDelete(obj: Json, key: string, value: unknown): void {
  if (value === undefined) delete obj[key];
  else obj[key] = isRecord(value) || Array.isArray(value) ? structuredClone(value) : value;
}
