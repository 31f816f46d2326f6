// createSmtpMailer against devhost's real SMTP sink (started on its own, no devhost around it).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mailbox, extractLinks } from '../../devhost/mail/mailbox';
import { startSmtpSink, type MailSink } from '../../devhost/mail/smtpSink';
import { createSmtpMailer, redactSmtpUrl } from '../../shared/platform/clients/mailer';

let dataDir: string;
let sink: MailSink;

describe('createSmtpMailer with the SMTP sink', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-mailer-'));
    sink = await startSmtpSink({ dataDir });
  });
  afterAll(async () => {
    await sink?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers subject, both bodies, recipients and headers, and the sink keeps them on disk', async () => {
    const mailer = createSmtpMailer(sink.url, 'Asset Pulse <asset-pulse@localhost>');
    const { messageId } = await mailer.send({
      to: ['Approver@Example.test', 'second@example.test'],
      subject: 'Approve: 3 × Figma for SCB',
      text: 'Approve: http://127.0.0.1:7071/api/approvals/abc?action=approve.\nThanks',
      html: '<p><a href="http://127.0.0.1:7071/api/approvals/abc?action=approve&amp;x=1">Approve</a> <a href="mailto:x@y">m</a></p>',
      headers: { 'X-Asset-Pulse-Request': '42' },
    });
    expect(messageId).toMatch(/^<.+>$/);

    const [message] = sink.mailbox.list({ to: 'approver@example.test' });
    expect(message).toMatchObject({
      from: 'Asset Pulse <asset-pulse@localhost>',
      to: ['Approver@example.test', 'second@example.test'],
      subject: 'Approve: 3 × Figma for SCB',
      messageId,
    });
    expect(message!.text).toContain('Thanks');
    expect(message!.html).toContain('>Approve</a>');
    expect(message!.headers['x-asset-pulse-request']).toBe('42');
    expect(message!.links).toEqual([
      'http://127.0.0.1:7071/api/approvals/abc?action=approve&x=1',
      'http://127.0.0.1:7071/api/approvals/abc?action=approve',
    ]);
    // Stored before the 250 reply: a fresh mailbox over the same folder has it.
    expect(new Mailbox(join(dataDir, 'mailbox')).get(message!.id)?.subject).toBe(message!.subject);
    expect(readdirSync(join(dataDir, 'mailbox')).sort()).toEqual([
      `${message!.id}.eml`,
      `${message!.id}.json`,
    ]);
  });

  it('authenticates with the credentials in the URL (the sink takes any)', async () => {
    const mailer = createSmtpMailer(`smtp://user:s3cret@127.0.0.1:${sink.port}`, 'asset-pulse@localhost');
    await mailer.send({ to: 'auth@example.test', subject: 'with auth', text: 't', html: '<p>t</p>' });
    expect(sink.mailbox.list({ to: 'AUTH@example.test' })).toHaveLength(1);
  });

  it('names the relay without its password when sending fails', async () => {
    const closed = await startSmtpSink({ dataDir: join(dataDir, 'closed') });
    await closed.stop();
    const mailer = createSmtpMailer(`smtp://user:s3cret@127.0.0.1:${closed.port}`, 'a@localhost');
    const failure = mailer.send({ to: 'x@example.test', subject: 's', text: 't', html: 'h' });
    await expect(failure).rejects.toThrow(`smtp://user:***@127.0.0.1:${closed.port}`);
    await expect(failure).rejects.not.toThrow(/s3cret/);
    expect(() => createSmtpMailer('https://user:s3cret@relay', 'a@localhost')).toThrow(
      'https://user:***@relay/',
    );
    expect(redactSmtpUrl('smtps://u:p@relay:465')).toBe('smtps://u:***@relay:465');
  });

  it('finds links in HTML attributes of any quoting and in text, without trailing punctuation', () => {
    expect(
      extractLinks(
        `<a href='https://a.test/x'>a</a><a href=https://b.test/y>b</a><a href="/relative">r</a>`,
        'see https://c.test/z). and https://a.test/x',
      ),
    ).toEqual(['https://a.test/x', 'https://b.test/y', 'https://c.test/z']);
  });
});
