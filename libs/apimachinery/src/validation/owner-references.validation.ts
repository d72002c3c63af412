import { FieldError } from '../status.errors.js';

/** apiVersion → [group, version] as schema.ParseGroupVersion; undefined when it has 2+ slashes. */
function parseGroupVersion(apiVersion: string): [string, string] | undefined {
  if (apiVersion === '') return ['', ''];
  const parts = apiVersion.split('/');
  if (parts.length === 1) return ['', apiVersion];
  if (parts.length === 2) return [parts[0] ?? '', parts[1] ?? ''];
  return undefined;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * Upstream reports owner reference problems on the list path without an index
 * (`metadata.ownerReferences.uid`), so do we.
 */
export function validateOwnerReferences(refs: ReadonlyArray<Readonly<Record<string, unknown>>> | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!refs) return errs;
  let firstController = '';
  for (const ref of refs) {
    const apiVersion = str(ref['apiVersion']);
    const kind = str(ref['kind']);
    const name = str(ref['name']);
    const uid = str(ref['uid']);
    const gv = parseGroupVersion(apiVersion);
    const group = gv?.[0] ?? '';
    const version = gv?.[1] ?? '';
    if (version === '') errs.push(FieldError.invalid(`${fldPath}.apiVersion`, apiVersion, 'version must not be empty'));
    if (kind === '') errs.push(FieldError.invalid(`${fldPath}.kind`, kind, 'kind must not be empty'));
    if (name === '') errs.push(FieldError.invalid(`${fldPath}.name`, name, 'name must not be empty'));
    if (uid === '') errs.push(FieldError.invalid(`${fldPath}.uid`, uid, 'uid must not be empty'));
    if (group === '' && version === 'v1' && kind === 'Event') {
      errs.push(FieldError.invalid(fldPath, ref, `${group}/${version}, Kind=${kind} is disallowed from being an owner`));
    }
    if (ref['controller'] === true) {
      const current = `${kind}/${name}`;
      if (firstController !== '') {
        errs.push(
          FieldError.invalid(
            fldPath,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}
