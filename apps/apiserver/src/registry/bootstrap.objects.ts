import { newUid, nowTimestamp } from './generic/object.meta.js';
import { StorageError, type Storage } from '../storage/storage.interface.js';

/** Namespaces every cluster has from the start (created once; replicas race harmlessly). */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

export async function bootstrapObjects(storage: Storage): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    const key = { resource: 'namespaces', namespace: '', name };
    if (await storage.get(key)) continue;
    try {
      await storage.create(key, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, uid: newUid(), creationTimestamp: nowTimestamp(), labels: { 'kubernetes.io/metadata.name': name } },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    } catch (e) {
      if (!(e instanceof StorageError && e.code === 'AlreadyExists')) throw e;
    }
  }
}
