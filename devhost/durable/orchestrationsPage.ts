// /dev/orchestrations for a person in a browser: instances with status, custom status and times,
// and one instance's history. (The same route answers JSON to programs.)
const escape = (value: unknown): string =>
  String(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${escape(title)}</title><style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2733}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #dde3ea;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
code{font-size:.8rem;white-space:pre-wrap;word-break:break-all}.Completed{color:#1a7f37}.Failed,.Terminated{color:#b42318}
.Running,.Pending{color:#175cd3}</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`;

export function instancesPage(instances: Record<string, unknown>[]): string {
  const rows = instances
    .map(
      (
        s,
      ) => `<tr><td><a href="?instanceId=${encodeURIComponent(String(s.instanceId))}">${escape(s.instanceId)}</a></td>
<td>${escape(s.name)}</td><td class="${escape(s.runtimeStatus)}">${escape(s.runtimeStatus)}</td>
<td><code>${escape(s.customStatus)}</code></td><td>${escape(s.createdTime)}</td><td>${escape(s.lastUpdatedTime)}</td></tr>`,
    )
    .join('');
  return page(
    'Orchestrations',
    `<table><tr><th>instance</th><th>orchestrator</th><th>status</th><th>custom status</th><th>created</th><th>updated</th></tr>${rows}</table>`,
  );
}

export function instancePage(status: Record<string, unknown>): string {
  const history = (status.history as Record<string, unknown>[] | undefined) ?? [];
  const rows = history
    .map((e) => {
      const { EventType: type, Timestamp: at, EventId: id, ...rest } = e;
      return `<tr><td>${escape(at)}</td><td>${escape(type)}</td><td>${escape(id)}</td><td><code>${escape(rest)}</code></td></tr>`;
    })
    .join('');
  return page(
    `${String(status.name)} ${String(status.instanceId)}`,
    `<p><a href="?">all instances</a> · status <b class="${escape(status.runtimeStatus)}">${escape(status.runtimeStatus)}</b>
· custom status <code>${escape(status.customStatus)}</code> · output <code>${escape(status.output)}</code></p>
<table><tr><th>time</th><th>event</th><th>id</th><th>details</th></tr>${rows}</table>`,
  );
}
