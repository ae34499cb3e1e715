// Entry of the recompute's worker thread: loaders do not carry over into workers, so register tsx
// here and then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./recompute-worker.ts');
