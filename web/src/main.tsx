// Start: read /config.json, open the session for its mode, then render the portal.
import './index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createApi } from './api/client';
import { createSession } from './auth/session';
import { loadRuntimeConfig } from './config';

const root = createRoot(document.getElementById('root')!);

async function start(): Promise<void> {
  const config = await loadRuntimeConfig();
  const session = await createSession(config);
  const api = createApi({ apiBase: config.apiBase, session });
  root.render(
    <StrictMode>
      <App api={api} session={session} />
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const box = document.getElementById('boot-error');
  if (box) {
    box.hidden = false;
    box.textContent = `Asset Pulse could not start: ${message}`;
  }
});
