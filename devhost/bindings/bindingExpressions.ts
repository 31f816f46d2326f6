// Binding expressions in binding paths and names ("reports/{name}-{DateTime}.csv", "{rand-guid}"),
// resolved the way the WebJobs SDK does: {name} from the invocation's binding data (trigger
// metadata, route and query values, the top-level fields of a JSON trigger payload; dotted paths
// reach into objects; names are case-insensitive), the built-ins {rand-guid[:format]},
// {DateTime[:format]} and {sys.randguid}/{sys.utcnow}/{sys.methodname}, and %Setting% from the app
// settings. A name with no value fails the invocation, as in Azure.
import { randomUUID } from 'node:crypto';
import { resolveSettingExpression } from '../settingExpression';

export type BindingData = Record<string, unknown>;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The subset of .NET custom date formats that paths use: yyyy yy MM M dd d HH H hh h mm m ss s
 * fff ff f tt K, 'quoted' literals; anything else stays as it is. UTC, as the host's UtcNow.
 */
export function formatDateTime(date: Date, format: string): string {
  const tokens: Record<string, () => string> = {
    yyyy: () => pad(date.getUTCFullYear(), 4),
    yy: () => pad(date.getUTCFullYear() % 100),
    MM: () => pad(date.getUTCMonth() + 1),
    M: () => String(date.getUTCMonth() + 1),
    dd: () => pad(date.getUTCDate()),
    d: () => String(date.getUTCDate()),
    HH: () => pad(date.getUTCHours()),
    H: () => String(date.getUTCHours()),
    hh: () => pad(date.getUTCHours() % 12 || 12),
    h: () => String(date.getUTCHours() % 12 || 12),
    mm: () => pad(date.getUTCMinutes()),
    m: () => String(date.getUTCMinutes()),
    ss: () => pad(date.getUTCSeconds()),
    s: () => String(date.getUTCSeconds()),
    fff: () => pad(date.getUTCMilliseconds(), 3),
    ff: () => pad(Math.floor(date.getUTCMilliseconds() / 10)),
    f: () => String(Math.floor(date.getUTCMilliseconds() / 100)),
    tt: () => (date.getUTCHours() < 12 ? 'AM' : 'PM'),
    K: () => 'Z',
  };
  const pattern = /'([^']*)'|yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|fff|ff|f|tt|K/g;
  return format.replace(pattern, (token: string, literal: string | undefined) =>
    literal !== undefined ? literal : (tokens[token]?.() ?? token),
  );
}

/** .NET Guid formats: N (32 digits), D (default, hyphens), B {braces}, P (parentheses). */
function formatGuid(format: string | undefined): string {
  const guid = randomUUID();
  switch ((format ?? 'D').toUpperCase()) {
    case 'N':
      return guid.replace(/-/g, '');
    case 'B':
      return `{${guid}}`;
    case 'P':
      return `(${guid})`;
    default:
      return guid;
  }
}

function lookup(data: BindingData, path: string): unknown {
  let node: unknown = data;
  for (const segment of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    const key = Object.keys(node).find((k) => k.toLowerCase() === segment.toLowerCase());
    if (key === undefined) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Only strings and integers go into a path, as BindingDataPathHelper converts them. */
function pathValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return undefined;
}

export function resolveBindingExpression(
  template: string,
  data: BindingData,
  env: NodeJS.ProcessEnv,
  functionName: string,
  now: () => Date = () => new Date(),
): string {
  const withSettings = resolveSettingExpression(template, env) as string;
  return withSettings.replace(/\{([^{}]+)\}/g, (_whole, expression: string) => {
    const colon = expression.indexOf(':');
    const name = (colon === -1 ? expression : expression.slice(0, colon)).trim();
    const format = colon === -1 ? undefined : expression.slice(colon + 1);
    const lower = name.toLowerCase();
    if (lower === 'rand-guid' || lower === 'sys.randguid') return formatGuid(format);
    if (lower === 'sys.methodname') return functionName;
    if (lower === 'sys.utcnow') return formatDateTime(now(), format ?? 'yyyy-MM-ddTHH-mm-ssK');
    // {DateTime} is binding data first (a trigger may carry a DateTime), UtcNow otherwise.
    const value = pathValue(lookup(data, name));
    if (value !== undefined) return value;
    if (lower === 'datetime') return formatDateTime(now(), format ?? 'yyyy-MM-ddTHH-mm-ssK');
    throw new Error(`No value for named parameter '${name}' (function ${functionName}).`);
  });
}
