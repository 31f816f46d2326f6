// The portal with its services: the API client over the session, the query cache, Fluent's theme
// and the router. Tests render <Portal> with a fake fetch and a memory router.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ServicesProvider } from './api/apiContext';
import { ApiError, SignInRedirect, type Api } from './api/client';
import type { Session } from './auth/session';
import { routes } from './routes';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: true,
        // A 4xx does not get better by asking again; a network blip or a 5xx may.
        retry: (count, error) =>
          count < 2 &&
          !(error instanceof SignInRedirect) &&
          !(error instanceof ApiError && error.status < 500),
      },
    },
  });
}

export function Portal({
  api,
  session,
  queryClient,
  children,
}: {
  api: Api;
  session: Session;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
      <QueryClientProvider client={queryClient}>
        <ServicesProvider api={api} session={session}>
          {children}
        </ServicesProvider>
      </QueryClientProvider>
    </FluentProvider>
  );
}

export function App({ api, session }: { api: Api; session: Session }) {
  const queryClient = useMemo(createQueryClient, []);
  const router = useMemo(() => createBrowserRouter(routes), []);
  return (
    <Portal api={api} session={session} queryClient={queryClient}>
      <RouterProvider router={router} />
    </Portal>
  );
}
