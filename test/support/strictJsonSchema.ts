// What Azure OpenAI's strict structured output demands of a JSON schema: every object closes its
// properties (additionalProperties false) and requires every one of them. Returns the paths that
// break the rule.
export function strictSchemaViolations(schema: unknown, path = '$'): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const problems: string[] = [];
  if (node.type === 'object') {
    const properties = (node.properties ?? {}) as Record<string, unknown>;
    if (node.additionalProperties !== false) problems.push(`${path}: additionalProperties is not false`);
    const required = Array.isArray(node.required) ? (node.required as string[]) : [];
    for (const key of Object.keys(properties)) {
      if (!required.includes(key)) problems.push(`${path}.${key}: not required`);
      problems.push(...strictSchemaViolations(properties[key], `${path}.${key}`));
    }
    for (const key of required) if (!(key in properties)) problems.push(`${path}: requires unknown ${key}`);
  }
  if (node.type === 'array') problems.push(...strictSchemaViolations(node.items, `${path}[]`));
  if (node.type === undefined && node.enum === undefined && path !== '$') problems.push(`${path}: no type`);
  return problems;
}
