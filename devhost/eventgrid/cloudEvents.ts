// What the local topic accepts: a CloudEvents 1.0 batch in the JSON format, as Event Grid's
// CloudEvent-schema topics do (POST …/api/events, `application/cloudevents-batch+json`, or one event
// as `application/cloudevents+json`).

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  dataschema?: string;
  data?: unknown;
  data_base64?: string;
  /** extension attributes */
  [attribute: string]: unknown;
}

const KNOWN = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'datacontenttype',
  'dataschema',
  'data',
  'data_base64',
]);
// RFC 3339 (a date-time with a zone)
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function problemsOf(event: unknown, index: number): string[] {
  const at = `event ${index}`;
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return [`${at}: not an object`];
  const e = event as Record<string, unknown>;
  const problems: string[] = [];
  if (e.specversion !== '1.0') problems.push(`${at}: specversion must be "1.0"`);
  for (const name of ['id', 'source', 'type'])
    if (typeof e[name] !== 'string' || e[name] === '')
      problems.push(`${at}: ${name} is required (a non-empty string)`);
  for (const name of ['subject', 'datacontenttype', 'dataschema', 'data_base64'])
    if (e[name] !== undefined && typeof e[name] !== 'string')
      problems.push(`${at}: ${name} must be a string`);
  if (
    e.time !== undefined &&
    (typeof e.time !== 'string' || !RFC3339.test(e.time) || Number.isNaN(Date.parse(e.time)))
  )
    problems.push(`${at}: time must be an RFC 3339 timestamp`);
  if (e.data !== undefined && e.data_base64 !== undefined)
    problems.push(`${at}: data and data_base64 are mutually exclusive`);
  for (const name of Object.keys(e)) {
    if (KNOWN.has(name)) continue;
    if (!/^[a-z0-9]{1,20}$/.test(name))
      problems.push(`${at}: extension attribute "${name}" must be 1-20 lower-case letters or digits`);
  }
  return problems;
}

export type ParsedBatch = { events: CloudEvent[] } | { problems: string[] };

/** Parses a request body by its content type; every problem is named, and any problem rejects the whole batch. */
export function parseCloudEventBatch(contentType: string | undefined, body: string): ParsedBatch {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const batch = mediaType === 'application/cloudevents-batch+json';
  if (!batch && mediaType !== 'application/cloudevents+json') {
    return {
      problems: [
        `content-type must be application/cloudevents-batch+json (or application/cloudevents+json for one event), not "${mediaType}"`,
      ],
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return { problems: [`the body is not JSON: ${(error as Error).message}`] };
  }
  if (batch && !Array.isArray(parsed)) return { problems: ['a batch must be a JSON array of CloudEvents'] };
  const events = batch ? (parsed as unknown[]) : [parsed];
  if (events.length === 0) return { problems: ['the batch is empty'] };
  const problems = events.flatMap(problemsOf);
  return problems.length > 0 ? { problems } : { events: events as CloudEvent[] };
}
