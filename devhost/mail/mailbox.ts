// The SMTP sink's mailbox on disk: per message `<id>.eml` (the raw message as received) and
// `<id>.json` (what mailparser made of it, plus the envelope), each written atomically, the JSON
// last: a message exists once its JSON does. Kept in memory as well; the files are the truth after
// a restart.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { ensurePrivateDir, PRIVATE_FILE, TEMP_SUFFIX, writeFileAtomic } from '../atomicFile';

export interface MailMessage {
  id: string;
  /** ISO time the sink accepted it */
  receivedAt: string;
  /** the From header as written ("Name <address>"), or the envelope sender */
  from: string;
  /** the envelope recipients (RCPT TO): every address the message was delivered to, Bcc included */
  to: string[];
  /** the To and Cc headers as written */
  headerTo: string;
  headerCc: string;
  subject: string;
  text: string;
  html: string;
  /** every http(s) href in the HTML, then every http(s) URL in the text, each once */
  links: string[];
  messageId: string | undefined;
  /** the Date header */
  date: string | undefined;
  headers: Record<string, string>;
}

export interface MailFilter {
  /** an address, case-insensitive, among the recipients */
  to?: string | undefined;
  /** received at or after */
  since?: Date | undefined;
}

const ID_PATTERN = /^[0-9TZ]+-[0-9a-f]{8}$/;

const decodeEntities = (value: string): string =>
  value
    .replace(/&amp;/gi, '&')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)));

/** http(s) links of a message: hrefs in the HTML (entities decoded), then URLs in the text. */
export function extractLinks(html: string, text: string): string[] {
  const links: string[] = [];
  const hrefs = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
  for (const match of html.matchAll(hrefs)) {
    const href = decodeEntities((match[1] ?? match[2] ?? match[3] ?? '').trim());
    if (/^https?:\/\//i.test(href)) links.push(href);
  }
  for (const match of text.matchAll(/https?:\/\/[^\s<>"'`]+/gi)) {
    // a sentence's closing punctuation is not part of the URL
    links.push(match[0].replace(/[.,;:!?)\]}]+$/, ''));
  }
  return [...new Set(links)];
}

/** "Name <address>, address" — as a person reads it (mailparser's text keeps the quotes around names) */
const addressText = (value: AddressObject | AddressObject[] | undefined): string =>
  (value === undefined ? [] : Array.isArray(value) ? value : [value])
    .flatMap((group) => group.value)
    .map((a) => (a.name ? `${a.name} <${a.address ?? ''}>` : (a.address ?? '')))
    .join(', ');

export class Mailbox {
  readonly #messages = new Map<string, MailMessage>();

  constructor(readonly dir: string) {
    // Mail holds live approval links (and whatever else the app sends): for the owner only.
    ensurePrivateDir(dir);
    for (const file of readdirSync(dir)) {
      if (file.endsWith(TEMP_SUFFIX)) {
        rmSync(join(dir, file), { force: true }); // a write a kill interrupted; never acknowledged
        continue;
      }
      if (file.endsWith('.eml') && !existsSync(join(dir, `${file.slice(0, -4)}.json`))) {
        rmSync(join(dir, file), { force: true }); // killed between the two writes: never acknowledged
        continue;
      }
      if (!file.endsWith('.json')) continue;
      const message = JSON.parse(readFileSync(join(dir, file), 'utf8')) as MailMessage;
      this.#messages.set(message.id, message);
    }
  }

  get size(): number {
    return this.#messages.size;
  }

  /** Parses and stores one message; resolves once both files are on disk. */
  async receive(
    raw: Buffer,
    envelope: { from: string | undefined; to: string[] },
    now = new Date(),
  ): Promise<MailMessage> {
    const parsed = await simpleParser(raw, { skipImageLinks: true });
    const id = `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
    const html = parsed.html || '';
    const text = parsed.text ?? '';
    const headers: Record<string, string> = {};
    for (const line of parsed.headerLines) {
      const value = line.line.slice(line.line.indexOf(':') + 1).trim();
      headers[line.key] = headers[line.key] ? `${headers[line.key]}, ${value}` : value;
    }
    const message: MailMessage = {
      id,
      receivedAt: now.toISOString(),
      from: addressText(parsed.from) || envelope.from || '',
      to: envelope.to,
      headerTo: addressText(parsed.to),
      headerCc: addressText(parsed.cc),
      subject: parsed.subject ?? '',
      text,
      html,
      links: extractLinks(html, text),
      messageId: parsed.messageId,
      date: parsed.date?.toISOString(),
      headers,
    };
    await writeFileAtomic(join(this.dir, `${id}.eml`), raw, { mode: PRIVATE_FILE });
    await writeFileAtomic(join(this.dir, `${id}.json`), JSON.stringify(message, null, 2), {
      mode: PRIVATE_FILE,
    });
    this.#messages.set(id, message);
    return message;
  }

  /** newest first */
  list(filter: MailFilter = {}): MailMessage[] {
    const to = filter.to?.trim().toLowerCase();
    const since = filter.since?.getTime();
    return [...this.#messages.values()]
      .filter((m) => to === undefined || m.to.some((address) => address.toLowerCase() === to))
      .filter((m) => since === undefined || Date.parse(m.receivedAt) >= since)
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id));
  }

  get(id: string): MailMessage | undefined {
    return this.#messages.get(id);
  }

  /** the .eml file of a stored message */
  rawPath(id: string): string | undefined {
    return ID_PATTERN.test(id) && this.#messages.has(id) ? join(this.dir, `${id}.eml`) : undefined;
  }

  async clear(): Promise<number> {
    const ids = [...this.#messages.keys()];
    for (const id of ids) {
      // the JSON first: a message without it no longer exists, even if the kill comes between the two
      await rm(join(this.dir, `${id}.json`), { force: true });
      await rm(join(this.dir, `${id}.eml`), { force: true });
      this.#messages.delete(id);
    }
    return ids.length;
  }
}
