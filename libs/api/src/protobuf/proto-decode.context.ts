import type { ProtoReader } from './proto-wire.reader.js';

/** What special-type decoders need from the generic decoder, without importing it. */
export interface DecodeContext {
  decodeMessage(reader: ProtoReader, messageName: string, depth: number): unknown;
  /** A nested `k8s\0` envelope (RawExtension carrying a protobuf object). */
  decodeEmbeddedObject(raw: Uint8Array, depth: number): Record<string, unknown>;
}

export type SpecialDecoder = (reader: ProtoReader, depth: number, ctx: DecodeContext) => unknown;

export const MAX_DEPTH = 100;
