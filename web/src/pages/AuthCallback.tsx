// Where the sign-in page sends the person back: take the token, then go where they were.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../api/apiContext';
import { ErrorState, Loading } from '../components/PageState';

export function AuthCallback() {
  const session = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let done = false;
    session.completeSignIn().then(
      (returnTo) => {
        if (!done) void navigate(returnTo, { replace: true });
      },
      (e: unknown) => setError(e),
    );
    return () => {
      done = true;
    };
  }, [session, navigate]);
  return (
    <main style={{ padding: 16 }}>
      <h1>Signing in</h1>
      {error ? <ErrorState error={error} /> : <Loading label="Signing in…" />}
    </main>
  );
}
