import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { LOCALE_COOKIE, LOCALES } from "~/i18n/i18n";
import { safeRedirectPath } from "~/utils/redirect";

const schema = z.object({
  locale: z.enum(LOCALES),
  returnTo: z.string().optional(),
});

export async function loader() {
  return redirect("/");
}

/** The language switch: a plain form, so it works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const { locale, returnTo } = parsed.data;
  return redirect(safeRedirectPath(returnTo), {
    headers: {
      "Set-Cookie": `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`,
    },
  });
}
