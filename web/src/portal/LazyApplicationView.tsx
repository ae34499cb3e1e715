/**
 * The application page, loaded when first opened: it brings the points engine (to show a published
 * result's breakdown) and zod, which the public pages and the sign-in forms do not need, so a phone
 * opening /faq or /portal downloads far less. csp.ts is imported first so zod's setting is in place
 * before the engine's schemas are built.
 */
import { lazy, Suspense, type ComponentProps } from 'react';
import type { ApplicationView as View } from './ApplicationView.tsx';

const Loaded = lazy(async () => {
  await import('../csp.ts');
  const m = await import('./ApplicationView.tsx');
  return { default: m.ApplicationView };
});

export function LazyApplicationView(props: ComponentProps<typeof View>) {
  return (
    <Suspense fallback={<p role="status">{props.t.loading}</p>}>
      <Loaded {...props} />
    </Suspense>
  );
}
