/** Upstream's text for a field label a kind does not accept (most core kinds). */
export const notSupported = (field: string): string => `field label not supported: ${field}`;
