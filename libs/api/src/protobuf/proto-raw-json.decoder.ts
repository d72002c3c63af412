import { protoError } from './proto-wire.reader.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Raw bytes Go would copy verbatim into its JSON output: absent or empty prints as null. */
export function parseRawJson(raw: Uint8Array | undefined, what: string): unknown {
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(utf8.decode(raw)) as unknown;
  } catch {
    throw protoError(`${what}: raw data is not valid JSON`);
  }
}
