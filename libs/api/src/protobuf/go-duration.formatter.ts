/** Formats nanoseconds exactly like Go's time.Duration.String (metav1.Duration's JSON form). */
export function formatGoDuration(nanos: bigint): string {
  const neg = nanos < 0n;
  let u = neg ? -nanos : nanos;
  if (u === 0n) return '0s';
  let text: string;
  if (u < 1_000_000_000n) {
    const [unit, prec] = u < 1_000n ? ['ns', 0] : u < 1_000_000n ? ['µs', 3] : ['ms', 6];
    text = `${withFraction(u, prec)}${unit}`;
  } else {
    const seconds = withFraction(u % 60_000_000_000n, 9);
    u /= 60_000_000_000n;
    if (u === 0n) {
      text = `${seconds}s`;
    } else {
      const minutes = u % 60n;
      const hours = u / 60n;
      text = hours > 0n ? `${hours}h${minutes}m${seconds}s` : `${minutes}m${seconds}s`;
    }
  }
  return neg ? `-${text}` : text;
}

/** v / 10^prec with trailing zeros (and a bare point) dropped, as Go's fmtFrac does. */
function withFraction(v: bigint, prec: number): string {
  const scale = 10n ** BigInt(prec);
  const whole = v / scale;
  const frac = (v % scale).toString().padStart(prec, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}
