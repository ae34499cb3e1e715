/** The breadcrumb of a page under a list (a person under the search, a case under the queues), and its loading line. */
import { followLink } from './route.ts';

export function Crumbs({ label, parent, current }: { label: string; parent: { href: string; text: string }; current: string }) {
  return (
    <nav className="crumbs" aria-label={label}>
      <ol>
        <li>
          <a href={parent.href} onClick={followLink(parent.href)}>
            {parent.text}
          </a>
        </li>
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

export function Loading({ text }: { text: string }) {
  return (
    <p className="loading" role="status">
      {text}
    </p>
  );
}
