// /dev/events: what the local topic received and what it delivered to which function (attempts,
// outcome, dead letters) — a page for a person, JSON for programs (filters `type` and `since`).
import type { DevRouteHandler } from '../http/httpHost';
import { sendProblem } from '../http/httpHost';
import { escapeHtml as e, sendHtml, sendJson, wantsJson } from '../http/devPageResponses';
import type { EventRecord } from './eventStore';
import type { LocalEventGridTopic } from './localTopic';

export interface EventView {
  id: string;
  type: string;
  source: string;
  subject: string | undefined;
  time: string | undefined;
  specversion: string;
  datacontenttype: string | undefined;
  data: unknown;
  receivedAt: string;
  deliveries: {
    function: string;
    status: 'pending' | 'delivered' | 'dead-lettered';
    attempts: number;
    lastError?: string;
    nextAttemptAt?: string;
    deliveredAt?: string;
    deadLetteredAt?: string;
    deadLetterReason?: string;
  }[];
}

export function eventView(record: EventRecord): EventView {
  const { id, type, source, subject, time, specversion, datacontenttype, data, data_base64 } = record.event;
  return {
    id,
    type,
    source,
    subject,
    time,
    specversion,
    datacontenttype,
    data: data_base64 !== undefined ? { data_base64 } : data,
    receivedAt: record.receivedAt,
    deliveries: (record.deliveries ?? []).map((d) => ({ ...d })),
  };
}

export function eventsPage(events: EventView[], endpoint: string): string {
  const rows = events
    .map((ev) => {
      const deliveries =
        ev.deliveries.length === 0
          ? '<span class="muted">no Event Grid trigger</span>'
          : ev.deliveries
              .map(
                (d) =>
                  `<div><b>${e(d.function)}</b> <span class="${e(d.status)}">${e(d.status)}</span> · ${d.attempts} attempt(s)` +
                  `${d.deadLetterReason ? ` · ${e(d.deadLetterReason)}` : ''}${d.nextAttemptAt ? ` · next ${e(d.nextAttemptAt)}` : ''}` +
                  `${d.lastError ? `<br><code>${e(d.lastError)}</code>` : ''}</div>`,
              )
              .join('');
      return `<tr><td>${e(ev.receivedAt.replace('T', ' ').slice(0, 19))}</td><td>${e(ev.type)}</td><td>${e(ev.subject ?? '')}</td>
<td><details><summary><code>${e(ev.id)}</code></summary><div class="muted">source ${e(ev.source)} · time ${e(ev.time ?? '-')}</div>
<pre>${e(JSON.stringify(ev.data, null, 2) ?? '')}</pre></details></td><td>${deliveries}</td></tr>`;
    })
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Events</title><style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2733}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #dde3ea;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
code,pre{font-size:.8rem;white-space:pre-wrap;word-break:break-all}.muted{color:#5b6b7b}
.delivered{color:#1a7f37}.dead-lettered{color:#b42318;font-weight:600}.pending{color:#175cd3}
</style></head><body><h1>Events</h1>
<p class="muted">devhost's local Event Grid topic at <code>${e(endpoint)}</code> (key: <code>EVENTGRID_TOPIC_KEY</code> in the
app's environment), newest first, with each delivery to an Event Grid trigger. JSON: <a href="?format=json">?format=json</a>.</p>
${events.length === 0 ? '<p>No events yet.</p>' : `<table><tr><th>received (UTC)</th><th>type</th><th>subject</th><th>event</th><th>deliveries</th></tr>${rows}</table>`}
</body></html>`;
}

export function eventsRoute(topic: LocalEventGridTopic): DevRouteHandler {
  return (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendProblem(res, 405, 'Method Not Allowed', 'GET /dev/events.');
    const type = url.searchParams.get('type')?.toLowerCase() || undefined;
    const sinceText = url.searchParams.get('since');
    const since = sinceText ? Date.parse(sinceText) : undefined;
    if (since !== undefined && Number.isNaN(since))
      return sendProblem(res, 400, 'Bad Request', `since=${sinceText} is not an ISO time.`);
    const events = topic.store
      .all()
      .reverse()
      .filter((r) => type === undefined || r.event.type.toLowerCase() === type)
      .filter((r) => since === undefined || Date.parse(r.receivedAt) >= since)
      .map(eventView);
    if (wantsJson(req, url, false)) return sendJson(res, 200, { topicEndpoint: topic.endpoint, events });
    sendHtml(res, eventsPage(events, topic.endpoint));
  };
}
