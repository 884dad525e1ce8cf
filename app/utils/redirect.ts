/**
 * A path on our own site to send someone back to; anything that could leave the site
 * (`//evil.example`, `/\evil.example`, a scheme, control characters) becomes `fallback`.
 */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target === "") return fallback;
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\"))
    return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  try {
    const resolved = new URL(target, "http://our.site");
    if (resolved.origin !== "http://our.site") return fallback;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return fallback;
  }
}
