import type { EventRecorder, KubeClient } from '../../../../libs/client/src/index.js';
import type { SharedInformerFactory } from './informer.factory.js';

export interface ControllerContext {
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  recorder(component: string): EventRecorder;
  /** Workers per controller queue. */
  readonly workers: number;
}

/** A controller registers its informer handlers when constructed and runs its workers after sync. */
export interface Controller {
  readonly name: string;
  run(): void;
  stop(): void;
}

export type ControllerFactory = (ctx: ControllerContext) => Controller;
