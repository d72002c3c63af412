import { ApiStatusError, type KubeClient } from '../../../../libs/client/src/index.js';
import { selectorMatches } from './label.selector.js';
import { controllerRefOf } from './owner.refs.js';
import type { LabelSelector, ObjectMeta, OwnerReference } from './types.js';

interface Owned {
  metadata: ObjectMeta;
}

/**
 * Claims the objects a controller should manage, as upstream's ControllerRefManager: keeps those it
 * controls that still match, adopts matching orphans, releases controlled ones that stopped
 * matching. Writes are merge patches carrying resourceVersion, so a concurrent change makes the
 * patch conflict instead of overwriting another controller's claim.
 */
export async function claimObjects<T extends Owned>(
  client: KubeClient,
  owner: { metadata: ObjectMeta },
  ownerRef: OwnerReference,
  selector: LabelSelector,
  candidates: T[],
  pathOf: (o: T) => string,
): Promise<T[]> {
  const claimed: T[] = [];
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  for (const o of candidates) {
    const ref = controllerRefOf(o.metadata);
    const matches = selectorMatches(selector, o.metadata.labels);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches) {
        claimed.push(o);
        continue;
      }
      if (ownerDeleting) continue;
      await patchRefs(
        client,
        pathOf(o),
        o,
        (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerRef.uid),
      );
      continue;
    }
    if (!matches || ownerDeleting || o.metadata.deletionTimestamp) continue;
    const ok = await patchRefs(client, pathOf(o), o, [...(o.metadata.ownerReferences ?? []), ownerRef]);
    if (ok) claimed.push(o);
  }
  return claimed;
}

async function patchRefs(client: KubeClient, path: string, o: Owned, refs: OwnerReference[]): Promise<boolean> {
  try {
    await client.request('PATCH', path, {
      contentType: 'application/merge-patch+json',
      body: { metadata: { ownerReferences: refs, resourceVersion: o.metadata.resourceVersion } },
    });
    return true;
  } catch (e) {
    // Gone or changed meanwhile: the next sync sees the fresh object.
    if (e instanceof ApiStatusError && (e.code === 404 || e.code === 409)) return false;
    throw e;
  }
}
