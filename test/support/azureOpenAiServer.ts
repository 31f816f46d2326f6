// A local server speaking the Azure OpenAI data-plane protocol the `openai` SDK uses, so the tests run
// the real client code: embeddings and chat completions under /openai/deployments/{d}/…, files
// (multipart upload, content) and batches under /openai/…, all with ?api-version=. It checks auth
// (api-key header or a bearer token), records every request for assertions, and can be told to fail
// the next requests (429 with retry-after / retry-after-ms, 500, a reply that never comes).
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** path without the query, e.g. /openai/deployments/emb/embeddings */
  path: string;
  apiVersion: string | null;
  /** the deployment named in the path, if any */
  deployment: string | null;
  auth: 'api-key' | 'bearer' | 'none';
  /** the parsed JSON body, or for uploads { purpose, filename, bytes } */
  body: unknown;
}

export interface ChatRequest {
  deployment: string;
  body: {
    model?: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
    max_tokens?: number;
    temperature?: number;
  };
}

/** what the model "says": an object (sent as its JSON), a string (sent as it is), or rawChoice(…) */
export type ChatHandler = (request: ChatRequest) => unknown;

const RAW_CHOICE = Symbol('raw choice');
/** a handler's answer that is the whole choice, e.g. a reply withheld by the content filter */
export function rawChoice(choice: Record<string, unknown>): unknown {
  return { [RAW_CHOICE]: choice };
}

export type Fault =
  { status: 429; retryAfter?: string; retryAfterMs?: string } | { status: 500 | 503 } | { hang: true };

export interface AzureOpenAiServer {
  /** e.g. http://127.0.0.1:1234/ (the account endpoint; the SDK adds /openai) */
  endpoint: string;
  requests: RecordedRequest[];
  /** requests to one kind of path, e.g. 'embeddings', 'chat/completions', 'files', 'batches' */
  requestsTo(kind: 'embeddings' | 'chat/completions' | 'files' | 'batches'): RecordedRequest[];
  /** the next requests (matching `pathPart` when given) get these faults, one each, in order */
  failNext(faults: Fault[], pathPart?: string): void;
  /** replaces the chat handler (default: a valid instance of the response_format's JSON schema) */
  setChatHandler(handler: ChatHandler | undefined): void;
  /** runs a batch's lines through the chat handler, writes the output file and marks it completed */
  completeBatch(batchId: string, options?: { lineOverride?: (customId: string) => unknown }): void;
  failBatch(batchId: string, reason: string): void;
  /** the text of a stored file (an uploaded batch input or a batch output) */
  fileText(fileId: string): string;
  close(): Promise<void>;
}

export interface AzureOpenAiServerOptions {
  apiKey?: string;
  bearerToken?: string;
  chat?: ChatHandler;
}

/** A deterministic, valid instance of a JSON schema (the default chat answer). */
export function sampleOf(schema: unknown): unknown {
  const s = (schema ?? {}) as Record<string, unknown>;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const anyOf = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(anyOf)) return sampleOf(anyOf[0]);
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string);
  switch (type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, sampleOf(v)]));
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      return Array.from({ length: min }, () => sampleOf(s.items));
    }
    case 'string':
      return 'x'.repeat(typeof s.minLength === 'number' ? Math.max(1, s.minLength) : 6);
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** a stand-in for the tokenizer: one token per four UTF-8 bytes */
const tokensOf = (text: string) => Math.ceil(Buffer.byteLength(text, 'utf8') / 4);

/** A deterministic vector for a text: not unit length, so the client's normalising shows. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector: number[] = [];
  for (let block = 0; vector.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (let i = 0; i + 1 < digest.length && vector.length < dimensions; i += 2) {
      vector.push((digest.readUInt16BE(i) - 32768) / 1000);
    }
  }
  return vector;
}

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  content: Buffer;
  created_at: number;
}
interface StoredBatch {
  id: string;
  input_file_id: string;
  endpoint: string;
  completion_window: string;
  status: string;
  output_file_id: string | null;
  error_file_id: string | null;
  errors: { data: { code: string; message: string }[] } | null;
  created_at: number;
}

export async function startAzureOpenAiServer(
  options: AzureOpenAiServerOptions = {},
): Promise<AzureOpenAiServer> {
  const requests: RecordedRequest[] = [];
  const faults: { fault: Fault; pathPart: string | undefined }[] = [];
  const hanging = new Set<ServerResponse>();
  const files = new Map<string, StoredFile>();
  const batches = new Map<string, StoredBatch>();
  let chatHandler: ChatHandler | undefined = options.chat;
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}-${(++sequence).toString().padStart(6, '0')}`;
  const now = () => Math.floor(Date.now() / 1000);

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, code: string, message: string, headers = {}) =>
    send(res, status, { error: { code, message } }, headers);

  function chatCompletion(request: ChatRequest) {
    const handler =
      chatHandler ?? ((r: ChatRequest) => sampleOf(r.body.response_format?.json_schema?.schema));
    const answer = handler(request);
    const raw =
      answer !== null && typeof answer === 'object' && RAW_CHOICE in answer
        ? (answer as { [RAW_CHOICE]: Record<string, unknown> })[RAW_CHOICE]
        : undefined;
    const rawContent = (raw?.message as { content?: unknown } | undefined)?.content;
    const content = raw
      ? typeof rawContent === 'string'
        ? rawContent
        : ''
      : typeof answer === 'string'
        ? answer
        : JSON.stringify(answer);
    const prompt = request.body.messages.map((m) => m.content).join('\n');
    return {
      id: nextId('chatcmpl'),
      object: 'chat.completion',
      created: now(),
      model: request.body.model ?? request.deployment,
      choices: [
        raw
          ? { index: 0, ...raw }
          : { index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } },
      ],
      usage: {
        prompt_tokens: tokensOf(prompt),
        completion_tokens: tokensOf(content),
        total_tokens: tokensOf(prompt) + tokensOf(content),
      },
    };
  }

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const raw = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const apiKey = req.headers['api-key'];
    const auth: RecordedRequest['auth'] = apiKey ? 'api-key' : bearer ? 'bearer' : 'none';
    const deployment = /^\/openai\/deployments\/([^/]+)\//.exec(path)?.[1] ?? null;

    let body: unknown = undefined;
    let upload: { purpose: string; filename: string; content: Buffer } | undefined;
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
      const file = form.get('file');
      const purpose = form.get('purpose');
      if (file && typeof file !== 'string') {
        upload = {
          purpose: typeof purpose === 'string' ? purpose : '',
          filename: file.name,
          content: Buffer.from(await file.arrayBuffer()),
        };
        body = { purpose: upload.purpose, filename: upload.filename, bytes: upload.content.length };
      }
    } else if (raw.length > 0) {
      body = JSON.parse(raw.toString('utf8'));
    }
    requests.push({
      method: req.method ?? 'GET',
      path,
      apiVersion: url.searchParams.get('api-version'),
      deployment,
      auth,
      body,
    });

    const authorised =
      (options.apiKey !== undefined && apiKey === options.apiKey) ||
      (options.bearerToken !== undefined && bearer === options.bearerToken);
    if (!authorised) return error(res, 401, '401', 'Access denied due to invalid subscription key or token.');
    if (!url.searchParams.get('api-version')) return error(res, 404, '404', 'Resource not found');

    const faultAt = faults.findIndex((f) => f.pathPart === undefined || path.includes(f.pathPart));
    if (faultAt >= 0) {
      const fault = faults.splice(faultAt, 1)[0]!.fault;
      if ('hang' in fault) {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (fault.status === 429) {
        const headers: Record<string, string> = {};
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs;
        return error(res, 429, '429', 'Requests to the deployment have exceeded the rate limit.', headers);
      }
      return error(res, fault.status, 'InternalServerError', 'The server had an error.');
    }

    const m = (pattern: RegExp) => pattern.exec(path);
    if (req.method === 'POST' && deployment && path.endsWith('/embeddings')) {
      const b = body as { input: string | string[]; dimensions?: number; encoding_format?: string };
      const inputs = Array.isArray(b.input) ? b.input : [b.input];
      if (inputs.length > 2048)
        return error(res, 400, 'invalid_request', 'Too many inputs. The max number of inputs is 2048.');
      const tooLong = inputs.findIndex((t) => tokensOf(t) > 8191);
      if (tooLong >= 0) {
        return error(
          res,
          400,
          'invalid_request',
          `This model's maximum context length is 8191 tokens (input ${tooLong}).`,
        );
      }
      if (inputs.some((t) => t === '')) return error(res, 400, 'invalid_request', "'$.input' is invalid.");
      const dimensions = b.dimensions ?? 1536;
      const data = inputs.map((text, index) => {
        const vector = fakeEmbedding(text, dimensions);
        const embedding =
          b.encoding_format === 'base64'
            ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
            : vector;
        return { object: 'embedding', index, embedding };
      });
      const tokens = inputs.reduce((sum, t) => sum + tokensOf(t), 0);
      // answered in reverse order: the client must order by index
      return send(res, 200, {
        object: 'list',
        data: data.reverse(),
        model: deployment,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    }
    if (req.method === 'POST' && deployment && path.endsWith('/chat/completions')) {
      return send(res, 200, chatCompletion({ deployment, body: body as ChatRequest['body'] }));
    }
    if (req.method === 'POST' && path === '/openai/files') {
      if (!upload) return error(res, 400, 'invalid_request', 'a multipart file is required');
      if (upload.purpose !== 'batch') return error(res, 400, 'invalid_request', 'purpose must be batch');
      const file: StoredFile = { id: nextId('file'), created_at: now(), ...upload };
      files.set(file.id, file);
      return send(res, 200, fileObject(file));
    }
    let match = m(/^\/openai\/files\/([^/]+)$/);
    if (req.method === 'GET' && match) {
      const file = files.get(match[1]!);
      return file ? send(res, 200, fileObject(file)) : error(res, 404, 'not_found', 'no such file');
    }
    match = m(/^\/openai\/files\/([^/]+)\/content$/);
    if (req.method === 'GET' && match) {
      const file = files.get(match[1]!);
      if (!file) return error(res, 404, 'not_found', 'no such file');
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return res.end(file.content);
    }
    if (req.method === 'POST' && path === '/openai/batches') {
      const b = body as { input_file_id: string; endpoint: string; completion_window: string };
      if (!files.has(b.input_file_id)) return error(res, 400, 'invalid_request', 'input file not found');
      if (b.endpoint !== '/chat/completions')
        return error(res, 400, 'invalid_request', 'unsupported endpoint');
      const batch: StoredBatch = {
        id: nextId('batch'),
        input_file_id: b.input_file_id,
        endpoint: b.endpoint,
        completion_window: b.completion_window,
        status: 'in_progress',
        output_file_id: null,
        error_file_id: null,
        errors: null,
        created_at: now(),
      };
      batches.set(batch.id, batch);
      return send(res, 200, batchObject(batch));
    }
    match = m(/^\/openai\/batches\/([^/]+)$/);
    if (req.method === 'GET' && match) {
      const batch = batches.get(match[1]!);
      return batch ? send(res, 200, batchObject(batch)) : error(res, 404, 'not_found', 'no such batch');
    }
    return error(res, 404, '404', 'Resource not found');
  }

  const fileObject = (file: StoredFile) => ({
    id: file.id,
    object: 'file',
    bytes: file.content.length,
    created_at: file.created_at,
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
  });
  const linesOf = (batch: StoredBatch) =>
    files
      .get(batch.input_file_id)!
      .content.toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { custom_id: string; url: string; body: ChatRequest['body'] });
  const batchObject = (batch: StoredBatch) => {
    const total = linesOf(batch).length;
    return {
      id: batch.id,
      object: 'batch',
      endpoint: batch.endpoint,
      input_file_id: batch.input_file_id,
      completion_window: batch.completion_window,
      status: batch.status,
      output_file_id: batch.output_file_id,
      error_file_id: batch.error_file_id,
      errors: batch.errors,
      created_at: batch.created_at,
      request_counts: { total, completed: batch.status === 'completed' ? total : 0, failed: 0 },
    };
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) error(res, 500, 'server_error', e instanceof Error ? e.message : String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}/`,
    requests,
    requestsTo: (kind) =>
      requests.filter((r) =>
        kind === 'files' || kind === 'batches'
          ? r.path.startsWith(`/openai/${kind}`)
          : r.path.endsWith(`/${kind}`),
      ),
    failNext(list, pathPart) {
      for (const fault of list) faults.push({ fault, pathPart });
    },
    setChatHandler(handler) {
      chatHandler = handler;
    },
    completeBatch(batchId, completion = {}) {
      const batch = batches.get(batchId);
      if (!batch) throw new Error(`no batch ${batchId}`);
      const output = linesOf(batch).map((line) => {
        const override = completion.lineOverride?.(line.custom_id);
        const deployment = line.body.model ?? '';
        return JSON.stringify(
          override ?? {
            id: nextId('response'),
            custom_id: line.custom_id,
            response: {
              status_code: 200,
              request_id: nextId('request'),
              body: chatCompletion({ deployment, body: line.body }),
            },
            error: null,
          },
        );
      });
      const file: StoredFile = {
        id: nextId('file'),
        filename: `${batchId}_output.jsonl`,
        purpose: 'batch_output',
        content: Buffer.from(output.join('\n') + '\n'),
        created_at: now(),
      };
      files.set(file.id, file);
      batch.status = 'completed';
      batch.output_file_id = file.id;
    },
    failBatch(batchId, reason) {
      const batch = batches.get(batchId);
      if (!batch) throw new Error(`no batch ${batchId}`);
      batch.status = 'failed';
      batch.errors = { data: [{ code: 'invalid_request', message: reason }] };
    },
    fileText(fileId) {
      const file = files.get(fileId);
      if (!file) throw new Error(`no file ${fileId}`);
      return file.content.toString('utf8');
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
