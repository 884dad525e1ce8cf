import { redirect } from "@remix-run/node";
import { userForSession, type SessionUser } from "~/models/auth.server";
import { getDb } from "./db.server";
import { env } from "./env.server";

export const SESSION_COOKIE = "traffpunkt_session";

const secure = env.PUBLIC_URL.startsWith("https:");

export function sessionCookie(token: string): string {
  const maxAge = Math.round(env.SESSION_DAYS * 86_400);
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

function cookieToken(request: Request): string | null {
  const value = request.headers
    .get("cookie")
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  const token = cookieToken(request);
  if (!token) return null;
  return (await userForSession(getDb(), token, new Date())) ?? null;
}

/** Logged in, or off to /login and back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

/** Staff and admins; everyone else gets 403 (or the login page when not logged in). */
export async function requireStaff(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "staff" && user.role !== "admin") throw forbidden();
  return user;
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "admin") throw forbidden();
  return user;
}

/** A partner association's member, with the partner they belong to. */
export async function requirePartnerMember(
  request: Request,
): Promise<SessionUser & { partner_id: number }> {
  const user = await requireUser(request);
  const partnerId = user.partner_id;
  if (user.role !== "partner" || partnerId === null) throw forbidden();
  return { ...user, partner_id: partnerId };
}

/** Where a user lands after login when no redirect was asked for. */
export function homeFor(user: Pick<SessionUser, "role">): string {
  return user.role === "partner" ? "/partner" : "/staff";
}
