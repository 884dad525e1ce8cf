import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActivityFields, ErrorSummary, ScheduleFields } from "~/components/staff-activity-form";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  createPartnerActivity,
  getPartner,
  LIST_FIELDS,
  newActivityValues,
  partnerFormOptions,
  readPartnerDetails,
  readPartnerSchedule,
} from "~/models/partner-activities.server";
import {
  COMMON_LANGUAGES,
  formStrings,
  scheduleValuesOf,
  type FieldErrors,
} from "~/models/staff-activity-input";
import { requirePartnerMember } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import styles from "~/styles/staff-activities.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePartnerMember(request);
  const db = getDb();
  const partner = await getPartner(db, user.partner_id);
  return {
    trusted: partner.trusted,
    hasPlaces: partner.places.length > 0,
    options: await partnerFormOptions(db, partner),
    values: newActivityValues(partner),
    schedule: scheduleValuesOf(undefined),
    languages: COMMON_LANGUAGES,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePartnerMember(request);
  const db = getDb();
  const now = new Date();
  const partner = await getPartner(db, user.partner_id);
  const form = formStrings(await request.formData(), LIST_FIELDS);
  const details = await readPartnerDetails(db, partner, form, null);
  // Posting another association's id is no slip of the hand: refuse it, store nothing.
  if (details.forbidden) throw new Response("Forbidden", { status: 403 });
  const schedule = readPartnerSchedule(form, now, true);
  const errors: FieldErrors = { ...details.errors, ...schedule.errors };
  const refuse = (refusal: FieldErrors) =>
    data({ values: details.values, schedule: schedule.values, errors: refusal }, { status: 400 });
  if (!details.input || !schedule.schedule || Object.keys(errors).length > 0) {
    return refuse(errors);
  }
  const created = await createPartnerActivity(
    db,
    partner,
    user.id,
    details.input,
    schedule.schedule,
    now,
  );
  if (!created.ok) return refuse(created.errors);
  throw redirect(`/partner/activities/${created.id}?saved=${created.status}`);
}

export default function NewPartnerActivity() {
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errors = result?.errors ?? {};
  return (
    <div className="page">
      <p className="eyebrow">
        <Link to="/partner/activities">{t("partnerActivities.back")}</Link>
      </p>
      <h1>{t("partnerActivities.new")}</h1>
      {loaderData.hasPlaces ? (
        <>
          <p>{t("partnerActivities.newIntro")}</p>
          <p>
            {t(loaderData.trusted ? "partnerActivities.trusted" : "partnerActivities.untrusted")}
          </p>
          <ErrorSummary errors={errors} />
          <Form method="post" className="form" noValidate>
            <ActivityFields
              prefix="activity"
              values={result?.values ?? loaderData.values}
              errors={errors}
              options={loaderData.options}
              languageChoices={loaderData.languages}
              partnerForm
            />
            <ScheduleFields
              prefix="schedule"
              values={result?.schedule ?? loaderData.schedule}
              errors={errors}
            />
            <p>
              <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                {t(loaderData.trusted ? "partnerActivities.publish" : "partnerActivities.submit")}
              </button>
            </p>
          </Form>
        </>
      ) : (
        <p className="notice">{t("partnerActivities.noPlaces")}</p>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("partnerActivities.new")) }, { name: "robots", content: "noindex" }];
};
