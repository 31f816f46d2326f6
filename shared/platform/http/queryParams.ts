// Query strings as plain objects for zod (the last value wins for a repeated key).
import type { HttpRequest } from '@azure/functions';

export function queryObject(request: HttpRequest): Record<string, string> {
  return Object.fromEntries(request.query.entries());
}
