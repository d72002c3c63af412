export { KubeClient, ApiStatusError, loadKubeConfig, type RequestOptions } from './kube.client.js';
export { Informer, keyOf, type KObject, type InformerOptions } from './informer.js';
export { WorkQueue } from './workqueue.js';
export { LeaderElector, type LeaderElectionOptions } from './leader.election.js';
export { EventRecorder, type EventSource, type EventRecorderOptions } from './event.recorder.js';
