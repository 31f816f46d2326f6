// devhost's mailbox and events pages answer this machine only, and choose JSON or HTML as documented.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isLoopback, loopbackOnly, wantsJson } from '../../devhost/http/loopback';

const request = (remoteAddress: string, accept?: string) =>
  ({ socket: { remoteAddress }, headers: accept ? { accept } : {} }) as unknown as IncomingMessage;

function response() {
  const sent: { status?: number; body?: string } = {};
  const res = {
    writeHead(status: number) {
      sent.status = status;
      return res;
    },
    end(body?: string) {
      sent.body = body;
    },
  };
  return { res: res as unknown as ServerResponse, sent };
}

describe('devhost pages', () => {
  it('treat the whole 127/8, ::1 and IPv4-mapped loopback as this machine', () => {
    for (const address of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1'])
      expect(isLoopback(address)).toBe(true);
    for (const address of ['10.0.0.5', '::ffff:192.168.1.2', '1270::1', undefined])
      expect(isLoopback(address)).toBe(false);
  });

  it('answer 403 to another machine without running the page', () => {
    let ran = 0;
    const page = loopbackOnly(() => {
      ran += 1;
    });
    const { res, sent } = response();
    void page(request('10.0.0.5'), res, new URL('http://h/dev/mailbox'));
    expect(sent.status).toBe(403);
    expect(ran).toBe(0);
    void page(request('127.0.0.1'), response().res, new URL('http://h/dev/mailbox'));
    expect(ran).toBe(1);
  });

  it('give JSON for ?format=json or an Accept naming JSON, HTML to browsers, else the default', () => {
    const url = (q = '') => new URL(`http://h/dev/events${q}`);
    expect(wantsJson(request('127.0.0.1'), url('?format=json'), false)).toBe(true);
    expect(wantsJson(request('127.0.0.1', 'text/html'), url('?format=json'), false)).toBe(true);
    expect(wantsJson(request('127.0.0.1', 'application/json'), url(), false)).toBe(true);
    expect(wantsJson(request('127.0.0.1', 'text/html,application/xhtml+xml,*/*'), url(), true)).toBe(false);
    expect(wantsJson(request('127.0.0.1', '*/*'), url(), false)).toBe(false);
    expect(wantsJson(request('127.0.0.1', '*/*'), url(), true)).toBe(true);
  });
});
