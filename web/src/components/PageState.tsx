// Loading, error and empty states, the same on every page.
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { ApiError, SignInRedirect } from '../api/client';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return <Spinner size="small" label={label} role="status" />;
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  if (error instanceof SignInRedirect) return <Loading label="Signing in…" />;
  const title =
    error instanceof ApiError
      ? error.status === 404
        ? 'Not found'
        : error.status === 403
          ? 'Not allowed'
          : error.title
      : 'Something went wrong';
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle> {detail}
      </MessageBarBody>
      {retry && (
        <MessageBarActions>
          <Button onClick={retry}>Try again</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <MessageBar intent="info">
      <MessageBarBody>{children}</MessageBarBody>
    </MessageBar>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Renders a query's loading and error states, the empty state when `isEmpty`, otherwise `children`. */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  children,
  label,
}: {
  query: QueryLike<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
  label?: string;
}) {
  if (query.error && query.data === undefined)
    return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  if (query.isPending || query.data === undefined) return <Loading {...(label ? { label } : {})} />;
  if (isEmpty?.(query.data)) return <EmptyState>{empty}</EmptyState>;
  return <>{children(query.data)}</>;
}
