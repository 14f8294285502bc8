// The signed-in user's profile, accounts, KYC and cards, loaded once after
// sign-in and reloaded after anything that changes them.

import { createContext, useContext, type ReactNode } from 'react';
import { useQuery } from './api';
import { ME, type Me } from './queries';

interface MeContextValue {
  me: Me | null;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

const MeContext = createContext<MeContextValue>({ me: null, loading: true, error: null, reload: () => {} });

export function MeProvider({ children }: { children: ReactNode }) {
  const q = useQuery<{ me: Me | null }>(ME);
  return <MeContext.Provider value={{ me: q.data?.me ?? null, loading: q.loading, error: q.error, reload: q.reload }}>{children}</MeContext.Provider>;
}

export function useMe(): MeContextValue {
  return useContext(MeContext);
}
