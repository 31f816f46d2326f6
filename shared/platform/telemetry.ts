// Telemetry: Application Insights (applicationinsights 3.x) when its connection string is set,
// log lines otherwise. Set up once per process.
export interface Telemetry {
  metric(name: string, value: number, properties?: Record<string, string>): void;
  flush(): Promise<void>;
}

interface AppInsightsClient {
  trackMetric(metric: { name: string; value: number; properties?: Record<string, string> }): void;
  flush(): Promise<void> | void;
}

export function createTelemetry(
  connectionString: string | undefined,
  log: (line: string) => void = () => {},
): Telemetry {
  if (!connectionString) {
    return {
      metric: (name, value, properties) =>
        log(`metric ${name}=${value}${properties ? ` ${JSON.stringify(properties)}` : ''}`),
      flush: () => Promise.resolve(),
    };
  }
  // Loaded only when used: it brings OpenTelemetry with it, which costs start-up time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const appInsights = require('applicationinsights') as {
    setup(cs: string): { setAutoCollectConsole(a: boolean, b?: boolean): { start(): unknown } };
    defaultClient: AppInsightsClient;
  };
  appInsights.setup(connectionString).setAutoCollectConsole(true, false).start();
  const client = appInsights.defaultClient;
  return {
    metric: (name, value, properties) =>
      client.trackMetric({ name, value, ...(properties ? { properties } : {}) }),
    flush: async () => {
      await client.flush();
    },
  };
}
