/**
 * Entry point of the portal page (portal.html): public pages, applicant and employer portal. The
 * zod setting of csp.ts is loaded with the application page (LazyApplicationView.tsx), the only part
 * that builds schemas.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from portal.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
