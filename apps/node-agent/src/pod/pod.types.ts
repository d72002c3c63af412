/** The core/v1 types the agent reads: one declaration for every app, in libs/api/src/model. */
import type { ServedPod } from '../../../../libs/api/src/model/core.types.js';

export type { Container as PodContainerSpec, PodCondition } from '../../../../libs/api/src/model/core.types.js';

/** A pod as the apiserver serves it to its node: name, namespace, uid and spec always set. */
export type Pod = ServedPod & { metadata: { uid: string } };
