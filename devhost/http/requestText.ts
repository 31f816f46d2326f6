// The body of a devhost page or API request, as text, up to a limit (the pages pass their own, small
// one; the default is the host's): a larger body stops the read with RequestBodyTooLarge, which the
// HTTP host answers with 413.
import type { IncomingMessage } from 'node:http';
import { DEFAULT_MAX_BODY_BYTES } from './requestBodyLimits';

export class RequestBodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes.`);
    this.name = 'RequestBodyTooLarge';
  }
}

/** Reads the body; a larger one stops the read (leaving the connection open for the 413). */
export function requestText(req: IncomingMessage, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      stop();
      req.pause();
      reject(new RequestBodyTooLarge(maxBytes));
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onClose = () => {
      stop();
      reject(new Error('The client went away before the request body was complete.'));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
  });
}
