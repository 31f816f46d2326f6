// What the similarity-job tests through devhost do: sign in as a CTO, start a job, poll it to the end.
import { expect } from 'vitest';
import { waitFor, type DevhostRun } from '../../devhost/childHost';
import type { SimilarityJobView } from '../../shared/ai/similarity/similarityJobRows';

export function similarityDriver(host: () => DevhostRun, email: string) {
  const api = async (method: string, path: string, body?: unknown, roles: string[] = ['CTO']) =>
    fetch(`${host().apiBase}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await host().tokenFor(email, { roles })}`,
        'content-type': 'application/json',
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  return {
    api,
    async start(): Promise<string> {
      const response = await api('POST', '/similarity-jobs', {});
      expect(response.status, await response.clone().text()).toBe(202);
      const body = (await response.json()) as { id: string; status: string; statusUrl: string };
      expect(body.status).toBe('running');
      expect(body.statusUrl).toBe(`/api/similarity-jobs/${body.id}`);
      return body.id;
    },
    async job(id: string): Promise<SimilarityJobView> {
      const response = await api('GET', `/similarity-jobs/${id}`);
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as SimilarityJobView;
    },
    async finished(id: string, timeoutMs = 90_000): Promise<SimilarityJobView> {
      return waitFor(
        `similarity job ${id} to end`,
        async () => {
          const job = await this.job(id);
          return job.status === 'running' ? undefined : job;
        },
        timeoutMs,
        200,
      );
    },
  };
}
