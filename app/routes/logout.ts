import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { revokeSession } from "~/models/auth.server";
import { clearedSessionCookie, getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader() {
  return redirect("/");
}

/** Logout revokes the session on the server, not only the cookie. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (user) await revokeSession(getDb(), user.sessionId, new Date());
  return redirect("/", { headers: { "Set-Cookie": clearedSessionCookie() } });
}
