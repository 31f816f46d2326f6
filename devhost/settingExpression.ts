// Binding expressions of the form %SettingName%, resolved from app settings as the runtime does.
export function resolveSettingExpression(value: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof value !== 'string') return value;
  return value.replace(/%([^%]+)%/g, (_whole, name: string) => {
    const resolved = env[name];
    if (resolved === undefined || resolved === '') {
      throw new Error(`The binding expression %${name}% names a setting that is not set.`);
    }
    return resolved;
  });
}
