import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { FeedRuns, FeedUrlField } from "~/components/feed-runs";
import { useI18n } from "~/i18n/use-i18n";
import { audit } from "~/models/auth.server";
import { feedUrlProblem, importFeed } from "~/models/ics-import.server";
import {
  addPartnerFeed,
  getPartner,
  isPartnerFeed,
  listPartnerFeeds,
} from "~/models/partner-activities.server";
import { fieldErrors, formStrings, type FieldErrors } from "~/models/staff-activity-input";
import { requirePartnerMember } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

const id = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,8}$/, { error: "partnerActivities.error.place" })
  .transform(Number);
const actionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    placeId: id,
    url: z
      .string()
      .trim()
      .min(1, { error: "field.required" })
      .max(2000, { error: "field.nameTooLong" }),
  }),
  z.object({ intent: z.literal("run"), sourceId: id }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePartnerMember(request);
  const db = getDb();
  const [partner, sources] = await Promise.all([
    getPartner(db, user.partner_id),
    listPartnerFeeds(db, user.partner_id),
  ]);
  return {
    trusted: partner.trusted,
    places: partner.places.map(({ id, name }) => ({ id, name })),
    sources,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePartnerMember(request);
  const form = formStrings(await request.formData());
  // The feed belongs to the logged-in association; naming another one is refused outright.
  if (form.partnerId !== undefined && form.partnerId !== String(user.partner_id)) {
    throw new Response("Forbidden", { status: 403 });
  }
  const values = {
    url: typeof form.url === "string" ? form.url : "",
    placeId: typeof form.placeId === "string" ? form.placeId : "",
  };
  const refuse = (errors: FieldErrors, problem: string | null = null) =>
    data({ values, errors, problem }, { status: 400 });
  const parsed = actionSchema.safeParse(form);
  if (!parsed.success) {
    if (form.intent !== "add") throw new Response("Bad request", { status: 400 });
    return refuse(fieldErrors(parsed.error.issues));
  }
  const db = getDb();
  const now = new Date();

  if (parsed.data.intent === "run") {
    const { sourceId } = parsed.data;
    if (!(await isPartnerFeed(db, user.partner_id, sourceId))) {
      throw new Response("Not found", { status: 404 });
    }
    const run = await importFeed(db, sourceId, now);
    await audit(
      db,
      user.id,
      "import",
      "feed_source",
      sourceId,
      `Hämtade kalender: ${run.outcome}`,
      now,
    );
    throw redirect("/partner/feeds?ran=1");
  }

  const problem = feedUrlProblem(parsed.data.url);
  if (problem) return refuse({}, problem);
  const partner = await getPartner(db, user.partner_id);
  const added = await addPartnerFeed(
    db,
    partner,
    user.id,
    parsed.data.placeId,
    parsed.data.url,
    now,
  );
  if (!added.ok) return refuse(added.errors);
  throw redirect("/partner/feeds?saved=1");
}

export default function PartnerFeeds() {
  const { trusted, places, sources } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useI18n();
  const errors = result?.errors ?? {};
  const urlError = result?.problem ?? (errors.url ? t(errors.url.key, errors.url.params) : null);
  const placeError = errors.placeId ? t(errors.placeId.key) : null;
  return (
    <div className="page">
      <p className="eyebrow">
        <Link to="/partner/activities">{t("partnerActivities.back")}</Link>
      </p>
      <h1>{t("partnerFeeds.title")}</h1>
      <p>{t("partnerFeeds.intro")}</p>
      <p>{t(trusted ? "partnerActivities.trusted" : "partnerActivities.untrusted")}</p>
      {search.get("saved") ? (
        <p className="notice" role="status">
          {t("feeds.saved")}
        </p>
      ) : null}
      {search.get("ran") ? (
        <p className="notice" role="status">
          {t("feeds.ran")}
        </p>
      ) : null}

      {sources.length === 0 ? <p>{t("feeds.none")}</p> : null}
      {sources.map((source) => (
        <section
          key={source.id}
          className="card"
          id={`source-${source.id}`}
          aria-labelledby={`source-${source.id}-title`}
        >
          <h2 id={`source-${source.id}-title`}>{source.place_name}</h2>
          <FeedRuns source={source} />
        </section>
      ))}

      {places.length === 0 ? (
        <p className="notice">{t("partnerActivities.noPlaces")}</p>
      ) : (
        <section aria-labelledby="add-feed">
          <h2 id="add-feed">{t("feeds.add")}</h2>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="add" />
            <div className="field">
              <label htmlFor="feed-place">{t("feeds.place")}</label>
              <select
                id="feed-place"
                name="placeId"
                required
                defaultValue={result?.values.placeId}
                aria-invalid={placeError ? true : undefined}
                aria-describedby={placeError ? "feed-place-error" : undefined}
              >
                {places.map((place) => (
                  <option key={place.id} value={place.id}>
                    {place.name}
                  </option>
                ))}
              </select>
              {placeError ? (
                <p className="field-error" id="feed-place-error">
                  {placeError}
                </p>
              ) : null}
            </div>
            <FeedUrlField defaultValue={result?.values.url} error={urlError} />
            <button type="submit" className="button">
              {t("feeds.save")}
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("partnerFeeds.title")) }, { name: "robots", content: "noindex" }];
};
