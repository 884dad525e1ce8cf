import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import {
  ErrorSummary,
  failureOf,
  keptValue,
  SavedNotice,
  TextField,
} from "~/components/staff-form";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import { createArea, listAreas, renameArea } from "~/models/staff-places.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import {
  fieldErrors,
  formValues,
  idInput,
  invalid,
  requiredText,
  resolveSlug,
  slugInput,
} from "~/utils/staff-form.server";
import { NAME_MAX, SLUG_MAX } from "~/utils/staff-form-types";

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: requiredText(NAME_MAX), slug: slugInput }),
  z.object({ intent: z.literal("rename"), areaId: idInput, name: requiredText(NAME_MAX) }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { areas: await listAreas(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const values = formValues(await request.formData());
  const parsed = actionSchema.safeParse(values);
  if (!parsed.success) return invalid(values, fieldErrors(parsed.error));
  const input = parsed.data;
  const db = getDb();

  if (input.intent === "create") {
    const slug = resolveSlug(input.slug, input.name);
    if (!slug) return invalid(values, { slug: { key: "field.required" } });
    const saved = await createArea(db, user.id, { name: input.name, slug });
    if (!saved.ok) return invalid(values, saved.errors);
  } else {
    const saved = await renameArea(db, user.id, input.areaId, input.name);
    if (!saved) throw new Response("Not found", { status: 404 });
    if (!saved.ok) return invalid(values, saved.errors);
  }
  throw redirect("/staff/areas?saved=1");
}

export default function StaffAreas() {
  const { areas } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const location = useLocation();
  const creating = failureOf(result, "create");

  return (
    <div className="page">
      <h1>{t("staffAdmin.areas.title")}</h1>
      <SavedNotice />
      <p>{t("staffAdmin.areas.intro")}</p>

      {areas.length === 0 ? (
        <p>{t("staffAdmin.areas.none")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("staffAdmin.name")}</th>
                <th scope="col">{t("staffAdmin.slug")}</th>
                <th scope="col">{t("staffAdmin.areas.places")}</th>
              </tr>
            </thead>
            <tbody>
              {areas.map((area) => {
                const renaming = failureOf(result, "rename", { field: "areaId", id: area.id });
                const id = `area-${area.id}-name`;
                return (
                  <tr key={area.id}>
                    <td>
                      <Form method="post" className="form" noValidate>
                        <input type="hidden" name="intent" value="rename" />
                        <input type="hidden" name="areaId" value={area.id} />
                        <TextField
                          id={id}
                          name="name"
                          label={t("staffAdmin.areas.nameOf", { slug: area.slug })}
                          hideLabel
                          required
                          maxLength={NAME_MAX}
                          defaultValue={keptValue(renaming, "name", area.name)}
                          error={renaming?.errors.name}
                        />
                        <p>
                          <button type="submit" className="button button--quiet">
                            {t("staffAdmin.areas.rename")}
                            <span className="visually-hidden"> {area.name}</span>
                          </button>
                        </p>
                      </Form>
                    </td>
                    <td>
                      <code>{area.slug}</code>
                    </td>
                    <td>{area.places}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="new-area-title">
        <h2 id="new-area-title">{t("staffAdmin.areas.new")}</h2>
        <ErrorSummary failure={creating} />
        {/* A new key after each save empties the form for the next area. */}
        <Form method="post" className="form" noValidate key={location.key}>
          <input type="hidden" name="intent" value="create" />
          <TextField
            id="new-area-name"
            name="name"
            label={t("staffAdmin.name")}
            required
            maxLength={NAME_MAX}
            defaultValue={keptValue(creating, "name", "")}
            error={creating?.errors.name}
          />
          <TextField
            id="new-area-slug"
            name="slug"
            label={t("staffAdmin.slug")}
            optional
            maxLength={SLUG_MAX}
            autoCapitalize="none"
            spellCheck={false}
            hint={t("staffAdmin.areas.slugHint")}
            defaultValue={keptValue(creating, "slug", "")}
            error={creating?.errors.slug}
          />
          <p>
            <button type="submit" className="button">
              {t("staffAdmin.areas.create")}
            </button>
          </p>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(t("staffAdmin.areas.title")) },
    { name: "robots", content: "noindex" },
  ];
};
