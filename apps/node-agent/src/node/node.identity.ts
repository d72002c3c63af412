import { createHash } from 'node:crypto';

/** Static facts of one simulated node, derived from its index so restarts give the same answers. */
export interface NodeIdentity {
  name: string;
  index: number;
  /** Data only: nothing ever connects to it. */
  internalIP: string;
  podCIDR: string;
  machineID: string;
}

/**
 * Node i gets pod CIDR 10.244.i.0/24 (kubeadm/flannel style); past 255 the second octet moves on
 * (10.245.0.0/24 …), so 3,000 nodes fit before 10.255. Node IPs live in 10.240.0.0/14, which
 * does not overlap the pod range.
 */
export function nodeIdentity(prefix: string, index: number): NodeIdentity {
  const name = `${prefix}${index}`;
  const host = index + 2;
  const internalIP = `10.${240 + (host >> 16)}.${(host >> 8) & 255}.${host & 255}`;
  const podCIDR = `10.${244 + (index >> 8)}.${index & 255}.0/24`;
  const machineID = createHash('sha256').update(name).digest('hex').slice(0, 32);
  return { name, index, internalIP, podCIDR, machineID };
}
