/**
 * Host-local IPAM for one node's /24: .1 is the bridge, pods get .2–.254, handed out round-robin
 * (like the CNI host-local plugin) so a freed address is not reused at once.
 */
export class PodIpAllocator {
  private readonly used = new Set<number>();
  private next = 2;
  private readonly base: string;

  constructor(podCIDR: string) {
    const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(podCIDR);
    if (!m) throw new Error(`only /24 pod CIDRs are supported, got ${podCIDR}`);
    this.base = m[1]!;
  }

  contains(ip: string): boolean {
    return ip.startsWith(`${this.base}.`);
  }

  /** Marks an address found on an existing pod (agent restart) as taken. */
  reserve(ip: string): boolean {
    if (!this.contains(ip)) return false;
    const host = Number(ip.slice(this.base.length + 1));
    if (this.used.has(host)) return false;
    this.used.add(host);
    return true;
  }

  allocate(): string | undefined {
    for (let n = 0; n < 253; n++) {
      const host = this.next;
      this.next = this.next >= 254 ? 2 : this.next + 1;
      if (!this.used.has(host)) {
        this.used.add(host);
        return `${this.base}.${host}`;
      }
    }
    return undefined;
  }

  release(ip: string): void {
    if (this.contains(ip)) this.used.delete(Number(ip.slice(this.base.length + 1)));
  }
}
