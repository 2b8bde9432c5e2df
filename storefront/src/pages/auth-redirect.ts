// Where to go after logging in: the ?next= page if it is one of ours, the catalog otherwise.
export function safeNext(next: string | null): string {
  // Only same-site paths: "/orders" yes; "//evil.example" and "https://…" no.
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}
