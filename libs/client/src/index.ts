export { KubeClient, ApiStatusError, loadKubeConfig, type RequestOptions } from './kube.client.js';
export { Informer, keyOf, type KObject } from './informer.js';
export { WorkQueue } from './workqueue.js';
export { LeaderElector } from './leader.election.js';
export { EventRecorder } from './event.recorder.js';
