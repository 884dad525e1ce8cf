import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { toInstantString } from "~/domain/time";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { FeedRuns, FeedUrlField } from "~/components/feed-runs";
import { useI18n } from "~/i18n/use-i18n";
import { audit } from "~/models/auth.server";
import { feedUrlProblem, importFeed, listFeedRuns } from "~/models/ics-import.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

const id = z.coerce.number().int().positive();
const actionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    partnerId: id,
    placeId: id,
    url: z.string().trim().min(1).max(2000),
  }),
  z.object({ intent: z.literal("run"), sourceId: id }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const [sources, partners, places] = await Promise.all([
    db
      .selectFrom("feed_sources as f")
      .innerJoin("partners as pa", "pa.id", "f.partner_id")
      .innerJoin("places as p", "p.id", "f.place_id")
      .select(["f.id", "f.url", "f.last_run_at", "pa.name as partner_name", "p.name as place_name"])
      .orderBy("pa.name")
      .execute(),
    db.selectFrom("partners").select(["id", "name"]).orderBy("name").execute(),
    db.selectFrom("places").select(["id", "name"]).orderBy("name").execute(),
  ]);
  const runs = await Promise.all(sources.map((source) => listFeedRuns(db, source.id, 5)));
  return {
    sources: sources.map((source, index) => ({ ...source, runs: runs[index] })),
    partners,
    places,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = actionSchema.safeParse(form);
  const values = { url: typeof form.url === "string" ? form.url : "" };
  if (!parsed.success) {
    return data({ errors: { url: "feeds.url" }, problem: null, values }, { status: 400 });
  }
  const db = getDb();
  const now = new Date();
  if (parsed.data.intent === "run") {
    const run = await importFeed(db, parsed.data.sourceId, now);
    await audit(
      db,
      user.id,
      "import",
      "feed_source",
      parsed.data.sourceId,
      `Hämtade kalender: ${run.outcome}`,
      now,
    );
    throw redirect("/staff/feeds?ran=1");
  }
  const { partnerId, placeId, url } = parsed.data;
  const problem = feedUrlProblem(url);
  if (problem) return data({ errors: {}, problem, values }, { status: 400 });
  const exists = await db
    .selectFrom("feed_sources")
    .select("id")
    .where("partner_id", "=", partnerId)
    .where("place_id", "=", placeId)
    .where("url", "=", url)
    .executeTakeFirst();
  if (exists)
    return data({ errors: { url: "feeds.duplicate" }, problem: null, values }, { status: 400 });
  const stamp = toInstantString(now);
  const { id: sourceId } = await db
    .insertInto("feed_sources")
    .values({
      partner_id: partnerId,
      place_id: placeId,
      room_id: null,
      url,
      created_at: stamp,
      updated_at: stamp,
      last_run_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await audit(db, user.id, "create", "feed_source", sourceId, `La till kalender ${url}`, now);
  throw redirect("/staff/feeds?saved=1");
}

export default function StaffFeeds() {
  const { sources, partners, places } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useI18n();
  const urlError =
    result?.problem ??
    (result?.errors.url === "feeds.duplicate"
      ? t("feeds.duplicate")
      : result?.errors.url
        ? t("field.required")
        : null);
  return (
    <div className="page">
      <h1>{t("staff.feeds")}</h1>
      <p>{t("feeds.intro")}</p>
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
        <section key={source.id} className="card" aria-labelledby={`source-${source.id}`}>
          <h2 id={`source-${source.id}`}>
            {source.partner_name} · {source.place_name}
          </h2>
          <FeedRuns source={source} />
        </section>
      ))}

      <section aria-labelledby="add-feed">
        <h2 id="add-feed">{t("feeds.add")}</h2>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="add" />
          <div className="field">
            <label htmlFor="feed-partner">{t("feeds.partner")}</label>
            <select id="feed-partner" name="partnerId" required>
              {partners.map((partner) => (
                <option key={partner.id} value={partner.id}>
                  {partner.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="feed-place">{t("feeds.place")}</label>
            <select id="feed-place" name="placeId" required>
              {places.map((place) => (
                <option key={place.id} value={place.id}>
                  {place.name}
                </option>
              ))}
            </select>
          </div>
          <FeedUrlField defaultValue={result?.values.url} error={urlError} />
          <button type="submit" className="button">
            {t("feeds.save")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("staff.feeds")) }, { name: "robots", content: "noindex" }];
};
