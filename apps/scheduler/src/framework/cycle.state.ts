/** A typed slot in the per-pod cycle state; plugins own their keys. */
export class StateKey<T> {
  declare private readonly brand: T;
  constructor(readonly name: string) {}
}

/** Data PreFilter computes once per pod and Filter/Score read for every node (upstream CycleState). */
export class CycleState {
  private readonly slots = new Map<string, unknown>();

  write<T>(key: StateKey<T>, value: T): void {
    this.slots.set(key.name, value);
  }

  read<T>(key: StateKey<T>): T | undefined {
    return this.slots.get(key.name) as T | undefined;
  }
}
