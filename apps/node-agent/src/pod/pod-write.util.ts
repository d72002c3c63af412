import { ApiStatusError, type KubeClient, type RequestOptions } from '../../../../libs/client/src/index.js';

/**
 * A write whose answer (the whole pod, managedFields included) nobody reads: the body is drained
 * without being parsed, which at thousands of status writes is most of the agent's CPU per write.
 * Errors are read and thrown as ApiStatusError, as KubeClient.request does.
 */
export async function writeDiscardingResponse(client: KubeClient, method: string, path: string, opts: RequestOptions): Promise<void> {
  const res = await client.raw(method, path, opts);
  const code = res.statusCode ?? 500;
  if (code < 400) {
    await new Promise<void>((resolve, reject) => {
      res.on('end', resolve);
      res.on('error', reject);
      res.resume();
    });
    return;
  }
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not a Status: the text is the message.
  }
  throw new ApiStatusError(code, String(body['reason'] ?? ''), String(body['message'] ?? text), body);
}
