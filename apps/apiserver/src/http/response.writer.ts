import type { FastifyReply } from 'fastify';
import { stringify as toYaml } from 'yaml';
import type { ResourceDefinition } from '../registry/generic/resource.definition.js';
import type { KubeObject } from '../registry/generic/strategy.interface.js';
import { buildTable } from '../registry/printers/table.builder.js';
import { type ResponseShape } from './content.negotiation.js';

/** Writes results in the representation the client negotiated: JSON, YAML or a meta.k8s.io Table. */
export class ResponseWriter {
  send(reply: FastifyReply, shape: ResponseShape, rt: ResourceDefinition, obj: KubeObject, code = 200): void {
    if (shape.table) {
      const table = buildTable(rt.printer, [obj], {
        includeObject: 'Metadata',
        listMeta: { resourceVersion: obj.metadata?.resourceVersion },
        now: new Date(),
        apiVersion: shape.tableVersion,
      });
      return this.raw(reply, shape, code, table);
    }
    return this.raw(reply, shape, code, obj);
  }

  raw(reply: FastifyReply, shape: Partial<ResponseShape> & Pick<ResponseShape, 'format'>, code: number, body: unknown): void {
    if (shape.format === 'yaml') {
      void reply.code(code).header('content-type', 'application/yaml').send(toYaml(body));
      return;
    }
    // As upstream's JSON encoder, every document ends with a newline.
    void reply
      .code(code)
      .header('content-type', 'application/json')
      .send(`${JSON.stringify(body)}\n`);
  }
}
