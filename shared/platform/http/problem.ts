// RFC 9457 problem details: every error the API returns has this shape.
import type { HttpResponseInit } from '@azure/functions';
import type { ZodError } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

export function problem(
  status: number,
  title: string,
  detail?: string,
  extra: Record<string, unknown> = {},
): HttpResponseInit {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    jsonBody: { type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extra },
  };
}

export function fieldErrors(error: ZodError, prefix: (string | number)[] = []): FieldError[] {
  const pathOf = (path: PropertyKey[]) => [...prefix, ...path].map(String).join('.') || '(body)';
  return error.issues.flatMap((issue) =>
    // an unknown field is named itself, so a typo in a query parameter or body field says which
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: 'is not a known field' }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

export function validationProblem(error: ZodError, detail = 'The request is not valid.'): HttpResponseInit {
  return problem(400, 'Bad Request', detail, { errors: fieldErrors(error) });
}
