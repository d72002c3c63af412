/** One log line as the runtime captured it: when, and the text without its newline. */
export interface LogLine {
  at: number;
  text: string;
}

interface LogLimits {
  maxLines: number;
  maxBytes: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = { maxLines: 1000, maxBytes: 256 * 1024 };

/**
 * Lines a simulated container prints on its own while it runs ("still alive" every N ms). They are
 * computed when someone reads or follows the log, so 30,000 idle pods cost no timers and no memory.
 */
interface LogTicker {
  startedAt: number;
  everyMs: number;
  text: (n: number) => string;
}

type Listener = (line: LogLine | undefined) => void;

/**
 * The log of one container instance: a ring bounded by lines and bytes (the oldest lines fall off,
 * as with the kubelet's log rotation), closed when the instance exits so followers end.
 */
export class ContainerLogBuffer {
  private readonly lines: LogLine[] = [];
  private bytes = 0;
  private ticks = 0;
  private closedAt: number | undefined;
  private readonly listeners = new Set<Listener>();
  private tickTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: LogLimits = DEFAULT_LOG_LIMITS,
    private readonly ticker?: LogTicker,
  ) {}

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  append(text: string, at = Date.now()): void {
    if (this.closed) return;
    this.catchUp(at);
    this.push({ at, text });
  }

  /** The instance ended: no more lines; followers are told and let go. */
  close(at = Date.now()): void {
    if (this.closed) return;
    this.catchUp(at);
    this.closedAt = at;
    if (this.tickTimer) clearTimeout(this.tickTimer);
    for (const l of this.listeners) l(undefined);
    this.listeners.clear();
  }

  /** Lines held now (oldest first), ticker lines included up to `now`. */
  snapshot(now = Date.now()): LogLine[] {
    this.catchUp(now);
    return this.lines.slice();
  }

  /** Called with each new line, then once with undefined when the log closes. */
  subscribe(fn: Listener): () => void {
    if (this.closed) {
      fn(undefined);
      return () => undefined;
    }
    this.listeners.add(fn);
    this.armTicker();
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0 && this.tickTimer) {
        clearTimeout(this.tickTimer);
        this.tickTimer = undefined;
      }
    };
  }

  private push(line: LogLine): void {
    this.lines.push(line);
    this.bytes += Buffer.byteLength(line.text) + 1;
    while (this.lines.length > this.limits.maxLines || (this.bytes > this.limits.maxBytes && this.lines.length > 1)) {
      const old = this.lines.shift()!;
      this.bytes -= Buffer.byteLength(old.text) + 1;
    }
    for (const l of this.listeners) l(line);
  }

  /** Materializes ticker lines due before `now` (and before the close). */
  private catchUp(now: number): void {
    const t = this.ticker;
    if (!t || t.everyMs <= 0) return;
    const until = Math.min(now, this.closedAt ?? Infinity);
    const due = Math.floor((until - t.startedAt) / t.everyMs);
    // After a long quiet period only the lines the ring could still hold are worth making.
    if (due - this.ticks > this.limits.maxLines) this.ticks = due - this.limits.maxLines;
    while (this.ticks < due) {
      this.ticks++;
      this.push({ at: t.startedAt + this.ticks * t.everyMs, text: t.text(this.ticks) });
    }
  }

  private armTicker(): void {
    const t = this.ticker;
    if (!t || t.everyMs <= 0 || this.tickTimer || this.closed) return;
    const next = t.startedAt + (this.ticks + 1) * t.everyMs;
    this.tickTimer = setTimeout(
      () => {
        this.tickTimer = undefined;
        this.catchUp(Date.now());
        if (this.listeners.size > 0) this.armTicker();
      },
      Math.max(0, next - Date.now()),
    );
    this.tickTimer.unref();
  }
}
