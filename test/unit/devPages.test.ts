// devhost's pages answer this machine only (httpHost checks every /dev/ path), and choose JSON or HTML as documented.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { wantsJson } from '../../devhost/http/devPageResponses';
import { isLoopback } from '../../devhost/http/isLoopback';

const request = (remoteAddress: string, accept?: string) =>
  ({ socket: { remoteAddress }, headers: accept ? { accept } : {} }) as unknown as IncomingMessage;

describe('devhost pages', () => {
  it('treat the whole 127/8, ::1 and IPv4-mapped loopback as this machine', () => {
    for (const address of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1'])
      expect(isLoopback(address)).toBe(true);
    for (const address of ['10.0.0.5', '::ffff:192.168.1.2', '1270::1', undefined])
      expect(isLoopback(address)).toBe(false);
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
