import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, failureOf, SavedNotice, UserFields } from "~/components/staff-form";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  getUserForEdit,
  listPartnerChoices,
  revokeUserSessions,
  updateUser,
} from "~/models/staff-users.server";
import { requireAdmin } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import {
  checkUserPartner,
  fieldErrors,
  formValues,
  idParam,
  invalid,
  userFields,
} from "~/utils/staff-form.server";

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), ...userFields }).superRefine(checkUserPartner),
  z.object({ intent: z.literal("logout-everywhere") }),
]);

export async function loader({ params, request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const db = getDb();
  const user = await getUserForEdit(db, idParam(params.userId));
  if (!user) throw new Response("Not found", { status: 404 });
  return { user, partners: await listPartnerChoices(db), isSelf: user.id === admin.id };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const userId = idParam(params.userId);
  const values = formValues(await request.formData());
  const parsed = actionSchema.safeParse(values);
  if (!parsed.success) return invalid(values, fieldErrors(parsed.error));
  const db = getDb();
  if (parsed.data.intent === "logout-everywhere") {
    const done = await revokeUserSessions(db, admin.id, userId);
    if (!done) throw new Response("Not found", { status: 404 });
    throw redirect(`/staff/users/${userId}?loggedOut=${done.revoked}`);
  }
  const saved = await updateUser(db, admin.id, userId, parsed.data);
  if (!saved) throw new Response("Not found", { status: 404 });
  if (!saved.ok) return invalid(values, saved.errors);
  throw redirect(`/staff/users/${userId}?saved=1`);
}

export default function EditUser() {
  const { user, partners, isSelf } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useI18n();
  const saving = failureOf(result, "save");
  const loggedOut = search.get("loggedOut");
  return (
    <div className="page narrow">
      <p>
        <Link to="/staff/users">{t("staffAdmin.users.back")}</Link>
      </p>
      <h1>{user.name}</h1>
      <SavedNotice />
      {loggedOut !== null ? (
        <p className="notice" role="status">
          {t("staffAdmin.users.loggedOut", { count: Number(loggedOut) || 0 })}
        </p>
      ) : null}
      {isSelf ? <p className="hint">{t("staffAdmin.users.selfHint")}</p> : null}
      <ErrorSummary failure={saving} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="save" />
        <UserFields failure={saving} user={user} partners={partners} />
        <p>
          <button type="submit" className="button">
            {t("staffAdmin.save")}
          </button>
        </p>
      </Form>

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("staffAdmin.users.logoutTitle")}</h2>
        <p>{t("staffAdmin.users.sessionCount", { count: user.sessions })}</p>
        <p className="hint">{t("staffAdmin.users.logoutHint")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <button type="submit" className="button button--quiet">
            {t("staffAdmin.users.logoutButton")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(data ? data.user.name : t("staffAdmin.users.title")) },
    { name: "robots", content: "noindex" },
  ];
};
