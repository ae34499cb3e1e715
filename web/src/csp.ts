/**
 * The server's Content-Security-Policy forbids eval, so zod must not try its `new Function` fast
 * path: even a caught attempt is reported as a CSP violation. This module is imported first by
 * main.tsx so the setting is in place before the engine's schemas are built (zod reads it then).
 */
import { z } from 'zod';

z.config({ jitless: true });
