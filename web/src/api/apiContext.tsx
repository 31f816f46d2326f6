import { createContext, useContext, type ReactNode } from 'react';
import type { Session } from '../auth/session';
import type { Api } from './client';

interface Services {
  api: Api;
  session: Session;
}

const ServicesContext = createContext<Services | undefined>(undefined);

export function ServicesProvider({ api, session, children }: Services & { children: ReactNode }) {
  return <ServicesContext.Provider value={{ api, session }}>{children}</ServicesContext.Provider>;
}

function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('ServicesProvider is missing');
  return services;
}

export const useApi = (): Api => useServices().api;
export const useSession = (): Session => useServices().session;
