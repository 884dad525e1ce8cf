import type { TestServer } from "./test-server";

/** The newest login link mailed to an address, read back from the outbox table. */
export async function latestLoginLink(server: TestServer, email: string): Promise<string | null> {
  const mail = await server.db
    .selectFrom("outbox")
    .select("text_body")
    .where("kind", "=", "login-link")
    .where("to_address", "=", email)
    .orderBy("id", "desc")
    .executeTakeFirst();
  return mail ? (/\/login\/([A-Za-z0-9_-]{43})/.exec(mail.text_body)?.[0] ?? null) : null;
}

/**
 * Logs in the way a person does: asks for a link, opens it, presses the button. Returns the
 * Cookie header to send with later requests.
 */
export async function loginAs(server: TestServer, email: string): Promise<string> {
  const asked = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email }),
  });
  if (asked.status !== 200) throw new Error(`login request answered ${asked.status}`);
  const link = await latestLoginLink(server, email);
  if (!link) throw new Error(`no login link for ${email}`);
  const confirmed = await fetch(`${server.url}${link}`, { method: "POST", redirect: "manual" });
  const cookie = confirmed.headers.get("set-cookie")?.split(";")[0];
  if (confirmed.status !== 302 || !cookie) throw new Error(`login answered ${confirmed.status}`);
  return cookie;
}

/** A form POST with a session cookie, answered without following redirects. */
export async function postForm(
  server: TestServer,
  path: string,
  cookie: string | null,
  fields: Record<string, string | string[]>,
) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body,
  });
}
