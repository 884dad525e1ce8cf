import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { formatSession } from "~/i18n/format";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  calendarTokenFor,
  existingCalendarToken,
  revokeCalendarToken,
} from "~/models/calendar-tokens.server";
import { eraseRsvp } from "~/models/privacy.server";
import { cancelRsvp, changeParty, findRsvp } from "~/models/rsvps.server";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { kickMailWorker } from "~/utils/mail-worker.server";

const count = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number);
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("cancel") }),
  z.object({ intent: z.literal("calendar-create") }),
  z.object({ intent: z.literal("calendar-revoke") }),
  z.object({ intent: z.literal("erase") }),
  z.object({ intent: z.literal("party"), adults: count, children: count }),
]);

// The token is the only key to this page: keep it out of caches and of other sites' logs.
const privateHeaders = { "Cache-Control": "private, no-store", "Referrer-Policy": "same-origin" };

export const headers: HeadersFunction = () => privateHeaders;

export async function loader({ params }: LoaderFunctionArgs) {
  const rsvp = await findRsvp(getDb(), params.token ?? "");
  if (!rsvp) throw new Response("Not found", { status: 404, headers: privateHeaders });
  const { email, name, ...rest } = rsvp;
  const calendarToken = email ? await existingCalendarToken(getDb(), email) : null;
  return {
    rsvp: { ...rest, name, hasEmail: email !== null, email },
    calendarUrl: calendarToken ? `${env.PUBLIC_URL}/feeds/me/${calendarToken}.ics` : null,
    manageUrl: `${env.PUBLIC_URL}/rsvp/${params.token}`,
    maxParty: env.MAX_PARTY_SIZE,
  };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const db = getDb();
  const rsvp = await findRsvp(db, token);
  if (!rsvp) throw new Response("Not found", { status: 404 });
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return data({ error: "field.count" as const }, { status: 400, headers: privateHeaders });
  }
  const now = new Date();
  if (parsed.data.intent === "calendar-create" || parsed.data.intent === "calendar-revoke") {
    if (!rsvp.email) throw new Response("Bad request", { status: 400 });
    if (parsed.data.intent === "calendar-create") await calendarTokenFor(db, rsvp.email, now);
    else await revokeCalendarToken(db, rsvp.email);
    const done = parsed.data.intent === "calendar-create" ? "calendar" : "calendar-off";
    throw redirect(`/rsvp/${token}?done=${done}`, { headers: privateHeaders });
  }
  if (parsed.data.intent === "erase") {
    await eraseRsvp(db, rsvp.id, now);
    kickMailWorker();
    // The token still finds the (now anonymous) sign-up, so the page can say it is done.
    throw redirect(`/rsvp/${token}?done=erased`, { headers: privateHeaders });
  }
  if (parsed.data.intent === "cancel") {
    await cancelRsvp(db, token, now);
    kickMailWorker();
    throw redirect(`/rsvp/${token}?done=cancelled`, { headers: privateHeaders });
  }
  const { adults, children } = parsed.data;
  const total = rsvp.ask_party_size ? adults + children : 1;
  if (total < 1 || total > env.MAX_PARTY_SIZE) {
    return data({ error: "field.partyMax" as const }, { status: 400, headers: privateHeaders });
  }
  const outcome = await changeParty(
    db,
    token,
    rsvp.ask_party_size ? { adults, children } : { adults: 1, children: 0 },
    now,
  );
  if (outcome === "no_room") {
    return data({ error: "rsvp.noRoom" as const }, { status: 409, headers: privateHeaders });
  }
  if (outcome === "closed") {
    return data({ error: "rsvp.sessionOver" as const }, { status: 400, headers: privateHeaders });
  }
  kickMailWorker();
  throw redirect(`/rsvp/${token}?done=saved`, { headers: privateHeaders });
}

export default function ManageRsvp() {
  const { rsvp, manageUrl, maxParty, calendarUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { locale, t } = useI18n();
  const done = search.get("done");
  const when =
    rsvp.nextStartsAt && rsvp.nextEndsAt
      ? formatSession(locale, rsvp.nextStartsAt, rsvp.nextEndsAt)
      : null;
  const active = rsvp.status !== "cancelled";
  const error = result?.error;
  return (
    <div className="page narrow">
      <h1>{t("rsvp.title")}</h1>
      {search.get("welcome") && active ? (
        <div className="notice" role="status">
          <p>
            <strong>{t("rsvp.thanks")}</strong>{" "}
            {rsvp.status === "confirmed"
              ? t("rsvp.confirmed")
              : t("rsvp.waitlisted", { position: rsvp.position ?? 0 })}
          </p>
          {rsvp.hasEmail && rsvp.email ? <p>{t("rsvp.mailSent", { email: rsvp.email })}</p> : null}
        </div>
      ) : null}
      {done === "saved" ? (
        <p className="notice" role="status">
          {t("rsvp.saved")}
        </p>
      ) : null}
      {done === "erased" ? (
        <p className="notice" role="status">
          {t("erase.done")}
        </p>
      ) : null}
      {done === "cancelled" ? (
        <p className="notice" role="status">
          {t("rsvp.cancelledNow")}
        </p>
      ) : null}

      <dl className="facts-list">
        <div>
          <dt>{t("activity.schedule")}</dt>
          <dd>
            <Link to={`/activities/${rsvp.activity_slug}`}>{rsvp.title}</Link>
            {rsvp.occurrence_id === null ? `, ${t("rsvp.course")}` : null}
            {when ? (
              <>
                <br />
                {when}
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t("rsvp.name")}</dt>
          <dd>{rsvp.name}</dd>
        </div>
        <div>
          <dt>{t("rsvp.status")}</dt>
          <dd className="rsvp-status">
            {rsvp.status === "confirmed"
              ? t("rsvp.confirmed")
              : rsvp.status === "waitlisted"
                ? t("rsvp.waitlisted", { position: rsvp.position ?? 0 })
                : t("rsvp.cancelled")}
          </dd>
        </div>
        <div>
          <dt>{t("rsvp.party")}</dt>
          <dd>
            {rsvp.ask_party_size
              ? t("rsvp.partyCount", { adults: rsvp.adults, children: rsvp.children })
              : t("rsvp.people", { count: rsvp.party_size })}
          </dd>
        </div>
      </dl>

      {!rsvp.hasEmail && active ? (
        <div className="notice keep-link">
          <p>{t("rsvp.keepLink")}</p>
          <p>
            <a href={manageUrl} className="manage-link">
              {manageUrl}
            </a>
          </p>
        </div>
      ) : null}

      {active && rsvp.ask_party_size ? (
        <section aria-labelledby="party-title">
          <h2 id="party-title">{t("rsvp.change")}</h2>
          {error ? (
            <p className="field-error" role="alert" id="party-error">
              {t(error, { max: maxParty })}
            </p>
          ) : null}
          <Form method="post" className="form party">
            <input type="hidden" name="intent" value="party" />
            <div className="field">
              <label htmlFor="party-adults">{t("signup.adults")}</label>
              <input
                id="party-adults"
                name="adults"
                type="number"
                min={0}
                inputMode="numeric"
                defaultValue={rsvp.adults}
                aria-describedby={error ? "party-error" : undefined}
              />
            </div>
            <div className="field">
              <label htmlFor="party-children">{t("signup.children")}</label>
              <input
                id="party-children"
                name="children"
                type="number"
                min={0}
                inputMode="numeric"
                defaultValue={rsvp.children}
              />
            </div>
            <button type="submit" className="button">
              {t("rsvp.save")}
            </button>
          </Form>
        </section>
      ) : null}

      {rsvp.hasEmail ? (
        <section aria-labelledby="calendar-title">
          <h2 id="calendar-title">{t("feed.mine")}</h2>
          <p>{t("feed.mineIntro")}</p>
          {done === "calendar-off" ? <p role="status">{t("feed.mineRevoked")}</p> : null}
          {calendarUrl ? (
            <>
              <p>
                <a
                  href={calendarUrl.replace(/^https?:/, "webcal:")}
                  className="button button--quiet"
                >
                  {t("feed.subscribe", { name: t("rsvp.title").toLowerCase() })}
                </a>
              </p>
              <label htmlFor="my-calendar">{t("feed.copy")}</label>
              <input id="my-calendar" className="copy-field" readOnly value={calendarUrl} />
              <Form method="post">
                <input type="hidden" name="intent" value="calendar-revoke" />
                <button type="submit" className="link-button">
                  {t("feed.mineRevoke")}
                </button>
              </Form>
            </>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="calendar-create" />
              <button type="submit" className="button button--quiet">
                {t("feed.mineCreate")}
              </button>
            </Form>
          )}
        </section>
      ) : null}

      {active ? (
        <section aria-labelledby="cancel-title">
          <h2 id="cancel-title">{t("rsvp.cancel")}</h2>
          <p>{t("rsvp.cancelHint")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="button button--danger">
              {t("rsvp.cancel")}
            </button>
          </Form>
        </section>
      ) : null}

      {rsvp.anonymised_at ? null : (
        <section aria-labelledby="erase-title">
          <h2 id="erase-title">{t("erase.title")}</h2>
          <p>{t("erase.intro")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="erase" />
            <button type="submit" className="button button--danger">
              {t("erase.button")}
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("rsvp.title")) }, { name: "robots", content: "noindex" }];
};
