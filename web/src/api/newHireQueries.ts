// The onboarding API as React Query hooks: the JD match the wizard shows, the hires (list and one,
// polled while it can still change), and the writes (record, bundle, submit, move, cancel).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './apiContext';
import type {
  BundleUpdate,
  JdMatchRequest,
  JdMatchResult,
  NewHire,
  NewHireInput,
  NewHireListItem,
} from './newHireTypes';

export const HIRE_POLL_MS = 2000;

const hirePath = (id: string, rest = ''): string => `/new-hires/${encodeURIComponent(id)}${rest}`;
const notFoundOrForbidden = (count: number, error: Error): boolean =>
  count < 2 && !('status' in error && (error as { status: number }).status < 500);

/** The ranked bundle for a job description (the wizard's step 3). */
export function useJdMatch() {
  const api = useApi();
  return useMutation({
    mutationFn: (input: JdMatchRequest) =>
      api.send<JdMatchResult>('POST', '/recommendations/jd-match', input),
  });
}

export function useNewHires(filter: { status?: string | undefined; companyCode?: string | undefined }) {
  const api = useApi();
  return useQuery({
    queryKey: ['new-hires', 'list', filter],
    queryFn: async ({ signal }) => {
      const search = new URLSearchParams();
      if (filter.status) search.set('status', filter.status);
      if (filter.companyCode) search.set('companyCode', filter.companyCode);
      const text = search.toString();
      const answer = await api.get<{ items: NewHireListItem[] } | NewHireListItem[]>(
        `/new-hires${text ? `?${text}` : ''}`,
        signal,
      );
      return Array.isArray(answer) ? answer : answer.items;
    },
  });
}

/** One hire; polled while the request is on its way or the start date is ahead. */
export function useNewHire(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['new-hires', 'detail', id],
    queryFn: ({ signal }) => api.get<NewHire>(hirePath(id), signal),
    refetchInterval: (q) =>
      q.state.data && (q.state.data.status === 'started' || q.state.data.status === 'cancelled')
        ? false
        : HIRE_POLL_MS,
    refetchIntervalInBackground: false,
    retry: notFoundOrForbidden,
  });
}

/**
 * Record the hire, put the adjusted bundle on it (with the revision it came with), and submit. When
 * a later step failed, a retry passes the hire already recorded (`existing`) and goes on from there.
 */
export function useCreateAndSubmitHire() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: {
      hire: NewHireInput;
      items: { app: string; plan?: string }[];
      /** put a purchase template's items instead of `items` (the request then records the template) */
      template?: { templateId: number; optionalItems: string[] };
      justification?: string;
      existing?: string | undefined;
      onRecorded?: (id: string) => void;
    }): Promise<NewHire> => {
      let recorded: NewHire;
      if (input.existing) {
        recorded = await api.get<NewHire>(hirePath(input.existing));
      } else {
        recorded = await api.send<NewHire>('POST', '/new-hires', input.hire);
        input.onRecorded?.(recorded.id);
      }
      if (recorded.status === 'draft') {
        const update: BundleUpdate = input.template
          ? { revision: recorded.revision, ...input.template }
          : { revision: recorded.revision, items: input.items };
        await api.send<NewHire>('PUT', hirePath(recorded.id, '/bundle'), update);
        return api.send<NewHire>(
          'POST',
          hirePath(recorded.id, '/submit'),
          input.justification ? { justification: input.justification } : {},
        );
      }
      return recorded;
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['new-hires'] }),
  });
}

export function useUpdateHireBundle(id: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (update: BundleUpdate) => api.send<NewHire>('PUT', hirePath(id, '/bundle'), update),
    onSuccess: (saved) => client.setQueryData(['new-hires', 'detail', id], saved),
    onSettled: () => client.invalidateQueries({ queryKey: ['new-hires'] }),
  });
}

export function useSubmitHire(id: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (justification?: string) =>
      api.send<NewHire>('POST', hirePath(id, '/submit'), justification ? { justification } : {}),
    onSettled: () => client.invalidateQueries({ queryKey: ['new-hires'] }),
  });
}

export function useMoveStartDate(id: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (startDate: string) =>
      (await api.request<NewHire>('PATCH', hirePath(id), { body: { startDate } })).data,
    onSettled: () => client.invalidateQueries({ queryKey: ['new-hires'] }),
  });
}

export function useCancelHire(id: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => api.send<NewHire>('POST', hirePath(id, '/cancel'), { reason }),
    onSettled: () => client.invalidateQueries({ queryKey: ['new-hires'] }),
  });
}
