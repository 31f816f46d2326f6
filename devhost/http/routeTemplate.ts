// ASP.NET-style route templates as Azure Functions uses them: "items/{id:int}", "files/{*path}",
// "users/{name?}", with literal segments winning over parameters when two routes both match.

export interface CompiledRoute {
  template: string;
  match(path: string): Record<string, string> | undefined;
  /** lower sorts first: literal < constrained parameter < parameter < optional < catch-all, per segment */
  precedence: number[];
}

const constraints: Record<string, RegExp> = {
  int: /^-?\d{1,10}$/,
  long: /^-?\d{1,19}$/,
  guid: /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  bool: /^(true|false)$/i,
  alpha: /^[a-z]+$/i,
  double: /^-?\d+(\.\d+)?$/,
  decimal: /^-?\d+(\.\d+)?$/,
  float: /^-?\d+(\.\d+)?$/,
  datetime: /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/,
};

type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string; optional: boolean; catchAll: boolean; constraint?: RegExp };

function parseSegment(raw: string, template: string): Segment {
  const param = /^\{(\*)?([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-z]+))?(\?)?\}$/.exec(raw);
  if (!param) {
    if (raw.includes('{') || raw.includes('}'))
      throw new Error(`Route "${template}": cannot read segment "${raw}".`);
    return { kind: 'literal', text: raw.toLowerCase() };
  }
  const [, star, name = '', constraintName, question] = param;
  const constraint = constraintName ? constraints[constraintName] : undefined;
  if (constraintName && !constraint) {
    throw new Error(`Route "${template}": the constraint "${constraintName}" is not supported by devhost.`);
  }
  return { kind: 'param', name, optional: Boolean(question), catchAll: Boolean(star), constraint };
}

/** A path segment decoded; one with a malformed %-escape stays as it came, as ASP.NET Core leaves it. */
function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function compileRoute(template: string): CompiledRoute {
  const segments = template
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => parseSegment(s, template));
  const precedence = segments.map((s) =>
    s.kind === 'literal' ? 1 : s.catchAll ? 5 : s.optional ? 4 : s.constraint ? 2 : 3,
  );
  return {
    template,
    precedence,
    match(path: string) {
      const parts = path.split('/').filter((p) => p.length > 0);
      const params: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i]!;
        const part = parts[i];
        if (segment.kind === 'literal') {
          if (part === undefined || decodeSegment(part).toLowerCase() !== segment.text) return undefined;
          continue;
        }
        if (segment.catchAll) {
          params[segment.name] = parts.slice(i).map(decodeSegment).join('/');
          return params;
        }
        if (part === undefined) {
          if (segment.optional) continue;
          return undefined;
        }
        const value = decodeSegment(part);
        if (segment.constraint && !segment.constraint.test(value)) return undefined;
        params[segment.name] = value;
      }
      return parts.length <= segments.length ? params : undefined;
    },
  };
}

/** Orders routes so the most specific one is tried first. */
export function byPrecedence(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let i = 0; i < length; i++) {
    const pa = a.precedence[i] ?? 0;
    const pb = b.precedence[i] ?? 0;
    if (pa !== pb) return pa - pb;
  }
  return 0;
}
