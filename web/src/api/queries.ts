// The API's reads and writes as React Query hooks: one cache for the portal, so a page opened again
// shows what it had at once and refreshes behind it.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './apiContext';
import type {
  AppOverlaps,
  ApprovalPolicy,
  CatalogApp,
  CatalogAppDetail,
  CreatedAlias,
  DraftRequest,
  IngestFailure,
  License,
  Me,
  Page,
  PendingApproval,
  Person,
  QuarantineItem,
  Quote,
  Recommendation,
  RecommendationKind,
  RecommendationPage,
  RecommendationStatus,
  RequestDetail,
  RequestListItem,
  SimilarityJob,
  StartedJob,
  UnknownApp,
  UsageStats,
} from './types';
import { FINAL_STATUSES } from './types';

export const DETAIL_POLL_MS = 1500;

const query = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

export function useMe() {
  const api = useApi();
  return useQuery({
    queryKey: ['me'],
    queryFn: ({ signal }) => api.get<Me>('/me', signal),
    staleTime: 60_000,
  });
}

export function useLicenses() {
  const api = useApi();
  return useQuery({
    queryKey: ['me', 'licenses'],
    queryFn: ({ signal }) => api.get<{ items: License[] }>('/me/licenses', signal),
  });
}

export function useCatalog(q: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['catalog', q],
    queryFn: ({ signal }) =>
      api.get<Page<CatalogApp> & { currency: string }>(`/catalog/apps${query({ q, limit: 20 })}`, signal),
    placeholderData: (previous) => previous,
  });
}

export function usePeople(q: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['people', q],
    queryFn: ({ signal }) => api.get<{ items: Person[] }>(`/people${query({ q, limit: 20 })}`, signal),
    placeholderData: (previous) => previous,
  });
}

/** The server's price for a draft; refreshed as the draft changes (the caller debounces). */
export function useQuote(draft: DraftRequest | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['quote', draft],
    queryFn: () => api.send<Quote>('POST', '/purchase-requests/quote', draft),
    enabled: draft !== undefined && draft.items.length > 0,
    placeholderData: (previous) => previous,
    retry: false,
  });
}

export function useCreateRequest() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (draft: DraftRequest) =>
      api.send<{ id: string; code: string; status: string }>('POST', '/purchase-requests', draft),
    onSuccess: () => client.invalidateQueries({ queryKey: ['requests'] }),
  });
}

export function useMyRequests(status?: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['requests', 'mine', status ?? 'all'],
    queryFn: ({ signal }) =>
      api.get<Page<RequestListItem>>(
        `/purchase-requests${query({ mine: 'true', status, limit: 50 })}`,
        signal,
      ),
  });
}

interface Tagged<T> {
  etag: string | undefined;
  value: T;
}

/**
 * One request, polled every 1.5 s while it can still change. Each poll sends the last ETag; a 304
 * keeps the cached object (same reference, so nothing re-renders), a 200 replaces it.
 */
export function useRequestDetail(id: string) {
  const api = useApi();
  const client = useQueryClient();
  const key = ['requests', 'detail', id];
  const result = useQuery({
    queryKey: key,
    queryFn: async ({ signal }): Promise<Tagged<RequestDetail>> => {
      const previous = client.getQueryData<Tagged<RequestDetail>>(key);
      const answer = await api.request<RequestDetail>('GET', `/purchase-requests/${encodeURIComponent(id)}`, {
        ifNoneMatch: previous?.etag,
        signal,
      });
      if (answer.status === 304 && previous) return previous;
      return { etag: answer.etag, value: answer.data as RequestDetail };
    },
    refetchInterval: (q) =>
      q.state.data && FINAL_STATUSES.includes(q.state.data.value.status) ? false : DETAIL_POLL_MS,
    refetchIntervalInBackground: false,
    structuralSharing: false,
    retry: (count, error) => count < 2 && !('status' in error && (error as { status: number }).status < 500),
  });
  return { ...result, data: result.data?.value };
}

export function useCancelRequest(id: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.send('POST', `/purchase-requests/${encodeURIComponent(id)}/cancel`, {}),
    onSuccess: () => client.invalidateQueries({ queryKey: ['requests'] }),
  });
}

export function usePendingApprovals(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: ['approvals', 'pending'],
    queryFn: ({ signal }) => api.get<{ items: PendingApproval[] }>('/approvals/pending', signal),
    enabled,
  });
}

export function useDecide() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { requestId: string; decision: 'approve' | 'reject'; comment?: string }) =>
      api.send('POST', `/approvals/${encodeURIComponent(input.requestId)}/decision`, {
        decision: input.decision,
        ...(input.comment ? { comment: input.comment } : {}),
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['approvals'] }),
  });
}

export function useApprovalPolicy(company: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['policy', company],
    queryFn: ({ signal }) =>
      api.get<{ company: string; policy: ApprovalPolicy }>(
        `/approval-policies/${encodeURIComponent(company)}`,
        signal,
      ),
  });
}

export function useSavePolicy(company: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (policy: ApprovalPolicy) =>
      api.send<{ company: string; policy: ApprovalPolicy }>(
        'PUT',
        `/approval-policies/${encodeURIComponent(company)}`,
        policy,
      ),
    onSuccess: (saved) => client.setQueryData(['policy', company], saved),
  });
}

export function useUsageStats() {
  const api = useApi();
  return useQuery({
    queryKey: ['admin', 'usage', 'stats'],
    queryFn: ({ signal }) => api.get<UsageStats>('/admin/usage/stats', signal),
  });
}

export function useQuarantine() {
  const api = useApi();
  return useQuery({
    queryKey: ['admin', 'usage', 'quarantine'],
    queryFn: ({ signal }) =>
      api.get<{ items: QuarantineItem[]; next: number | null }>('/admin/usage/quarantine?limit=20', signal),
  });
}

export function useIngestFailures() {
  const api = useApi();
  return useQuery({
    queryKey: ['admin', 'usage', 'failures'],
    queryFn: ({ signal }) => api.get<{ items: IngestFailure[] }>('/admin/usage/failures?limit=20', signal),
  });
}

// The AI engine: similarity jobs, recommendations, app overlaps, unknown app names.

export const JOB_POLL_MS = 1000;

export function useSimilarityJobs() {
  const api = useApi();
  return useQuery({
    queryKey: ['similarity-jobs', 'list'],
    queryFn: ({ signal }) => api.get<{ items: SimilarityJob[] }>('/similarity-jobs?limit=20', signal),
  });
}

/** One job, polled every second while it runs; the history is refreshed once it ends. */
export function useSimilarityJob(id: string | undefined) {
  const api = useApi();
  const client = useQueryClient();
  return useQuery({
    queryKey: ['similarity-jobs', 'detail', id],
    queryFn: async ({ signal }) => {
      const job = await api.get<SimilarityJob>(`/similarity-jobs/${encodeURIComponent(id ?? '')}`, signal);
      if (job.status !== 'running') void client.invalidateQueries({ queryKey: ['similarity-jobs', 'list'] });
      return job;
    },
    enabled: id !== undefined,
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : JOB_POLL_MS),
    refetchIntervalInBackground: false,
    retry: (count, error) => count < 2 && !('status' in error && (error as { status: number }).status < 500),
  });
}

export function useStartSimilarityJob() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.send<StartedJob>('POST', '/similarity-jobs', {}),
    onSuccess: () => client.invalidateQueries({ queryKey: ['similarity-jobs', 'list'] }),
  });
}

export function useCancelSimilarityJob() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.send('POST', `/similarity-jobs/${encodeURIComponent(id)}/cancel`, {}),
    onSuccess: (_answer, id) => client.invalidateQueries({ queryKey: ['similarity-jobs', 'detail', id] }),
  });
}

export interface RecommendationFilter {
  kind?: RecommendationKind | undefined;
  status?: RecommendationStatus | undefined;
  company?: string | undefined;
}

/** The recommendations, sorted by saving (the API's order), a page at a time. */
export function useRecommendations(filter: RecommendationFilter) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ['recommendations', 'list', filter],
    queryFn: ({ signal, pageParam }) =>
      api.get<RecommendationPage>(
        `/recommendations${query({ ...filter, limit: 50, continuationToken: pageParam })}`,
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken || undefined,
  });
}

export function useRecommendation(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['recommendations', 'detail', id],
    queryFn: ({ signal }) => api.get<Recommendation>(`/recommendations/${encodeURIComponent(id)}`, signal),
    retry: (count, error) => count < 2 && !('status' in error && (error as { status: number }).status < 500),
  });
}

export function useDecideRecommendation(id: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { decision: 'accept' | 'dismiss'; reason: string }) =>
      api.send<Recommendation>('POST', `/recommendations/${encodeURIComponent(id)}/${input.decision}`, {
        reason: input.reason,
      }),
    onSuccess: (saved) => {
      client.setQueryData(['recommendations', 'detail', id], saved);
      return client.invalidateQueries({ queryKey: ['recommendations', 'list'] });
    },
  });
}

export function useCatalogApp(slug: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['catalog', 'app', slug],
    queryFn: ({ signal }) => api.get<CatalogAppDetail>(`/catalog/apps/${encodeURIComponent(slug)}`, signal),
    retry: (count, error) => count < 2 && !('status' in error && (error as { status: number }).status < 500),
  });
}

export function useAppOverlaps(slug: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['catalog', 'overlaps', slug],
    queryFn: ({ signal }) =>
      api.get<AppOverlaps>(`/catalog/apps/${encodeURIComponent(slug)}/overlaps`, signal),
    retry: (count, error) => count < 2 && !('status' in error && (error as { status: number }).status < 500),
  });
}

export function useUnknownApps() {
  const api = useApi();
  return useQuery({
    queryKey: ['app-identity', 'unknown'],
    queryFn: ({ signal }) => api.get<{ items: UnknownApp[] }>('/app-identity/unknown-apps', signal),
  });
}

export function useCreateAlias() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; appSlug: string }) =>
      api.send<CreatedAlias>('POST', '/app-identity/aliases', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['app-identity'] }),
  });
}
