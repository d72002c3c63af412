import {
  openApiV2Document,
  openApiV2Protobuf,
  openApiV3Document,
  openApiV3Index,
} from '../../../../libs/api/src/openapi/openapi-document.service.js';
import type { ResourceRegistry } from '../registry/resource.registry.js';

interface OpenApiDoc {
  body: string | Buffer;
  hash: string;
}

/** Serves /openapi/v2 and /openapi/v3 from the schema source; documents are cached per resource set. */
export class OpenApiService {
  constructor(private readonly registry: ResourceRegistry) {}

  v2(): OpenApiDoc {
    const d = openApiV2Document(this.registry.snapshot());
    return { body: d.json, hash: d.hash };
  }

  /** The v2 document in gnostic protobuf, as kubectl asks for it. */
  v2Protobuf(): OpenApiDoc {
    const d = openApiV2Protobuf(this.registry.snapshot());
    return { body: d.bytes, hash: d.hash };
  }

  v3Index(): string {
    return JSON.stringify(openApiV3Index(this.registry.snapshot()));
  }

  v3(path: string): OpenApiDoc | undefined {
    const d = openApiV3Document(this.registry.snapshot(), path);
    return d ? { body: d.json, hash: d.hash } : undefined;
  }
}
