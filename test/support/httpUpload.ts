// Uploads as a client program sends them, for tests of how devhost takes request bodies in: the body
// is generated chunk by chunk (never held whole by the test), sent with or without Content-Length,
// and sending stops as soon as an answer arrives — so `sent` says how much of the body the server
// made the client send before it answered. Also: requests with headers fetch() will not send (Host).
import { readFileSync, writeFileSync } from 'node:fs';
import { request, type OutgoingHttpHeaders } from 'node:http';

export interface UploadResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** body bytes written before the answer arrived */
  sent: number;
}

const CHUNK = Buffer.alloc(1024 * 1024, 0x20); // spaces: valid JSON whitespace, and a valid form

export function upload(
  url: string,
  totalBytes: number,
  options: {
    headers?: OutgoingHttpHeaders;
    method?: string;
    declareLength?: boolean;
    /** stop sending after this many bytes, until `resumeWhen` resolves (a slow client) */
    pauseAfter?: number;
    resumeWhen?: Promise<void>;
  } = {},
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const headers: OutgoingHttpHeaders = { 'content-type': 'application/json', ...options.headers };
    if (options.declareLength) headers['content-length'] = totalBytes;
    const req = request(url, { method: options.method ?? 'POST', headers });
    let sent = 0;
    let answer: Omit<UploadResult, 'body'> | undefined;
    let body = '';
    const finish = () => resolve({ ...answer!, body });
    req.on('response', (res) => {
      answer = { status: res.statusCode ?? 0, headers: res.headers, sent };
      res.setEncoding('utf8');
      res.on('data', (text: string) => (body += text));
      res.on('end', finish);
      res.on('error', finish); // the server closed the connection after its answer
    });
    req.on('error', (error) => {
      // After an answer, a closed connection is how a server refuses the rest of a body.
      if (answer) return;
      reject(Object.assign(error, { sent }));
    });
    let paused = options.pauseAfter !== undefined;
    const pump = () => {
      while (answer === undefined && sent < totalBytes) {
        if (paused && sent >= options.pauseAfter!) {
          paused = false;
          return void (options.resumeWhen ?? Promise.resolve()).then(pump);
        }
        const limit = paused ? options.pauseAfter! : totalBytes;
        const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, limit - sent));
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (answer === undefined) req.end();
    };
    pump();
  });
}

/** A request with any headers (fetch() refuses to set Host), answered in full. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: OutgoingHttpHeaders; body?: string } = {},
): Promise<Omit<UploadResult, 'sent'>> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => (body += text));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * The growth of a process's resident memory while `work` runs, in MiB: its peak (VmHWM, first reset
 * to the current size through /proc/<pid>/clear_refs) minus its size before.
 */
export async function residentGrowthMiB(pid: number, work: () => Promise<unknown>): Promise<number> {
  const kib = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const before = kib('VmRSS');
  await work();
  return (kib('VmHWM') - before) / 1024;
}
