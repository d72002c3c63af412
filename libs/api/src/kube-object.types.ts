import type { ObjectMeta as ModelObjectMeta } from './model/meta.types.js';

/** The model's ObjectMeta as a request body carries it: owner references not yet validated. */
export type ObjectMeta = ModelObjectMeta<Record<string, unknown>>;

/** A Kubernetes object as stored and served: plain JSON. */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
};
