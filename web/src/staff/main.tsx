/** Entry point of the staff console (/staff). */
import '../csp.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from staff.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
