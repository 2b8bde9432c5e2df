// A page's title and main heading: sets document.title and, after client-side navigation, moves keyboard
// and screen-reader focus to the heading (as a full page load would).
import { useEffect, useRef, type ReactNode } from "react";

let firstPage = true;

export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Shop`;
    if (firstPage) firstPage = false;
    else heading.current?.focus();
  }, [title]);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children ?? title}
    </h1>
  );
}
