import { Button, Title2 } from '@fluentui/react-components';
import { useSession } from '../api/apiContext';

export function SignedOut() {
  const session = useSession();
  return (
    <main style={{ padding: 16, maxWidth: '40rem', margin: '0 auto' }}>
      <Title2 as="h1">You are signed out</Title2>
      <p>Close the browser tab, or sign in again.</p>
      <Button appearance="primary" onClick={() => void session.signIn('/')}>
        Sign in
      </Button>
    </main>
  );
}
