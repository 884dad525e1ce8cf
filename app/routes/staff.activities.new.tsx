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
import { generateSessions } from "~/domain/recurrence";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  activityFormOptions,
  activityReferenceErrors,
  createActivity,
} from "~/models/staff-activities.server";
import {
  COMMON_LANGUAGES,
  formStrings,
  parseActivityForm,
  parseScheduleForm,
  scheduleValuesOf,
  type ActivityValues,
  type FieldErrors,
} from "~/models/staff-activity-input";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import styles from "~/styles/staff-activities.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const options = await activityFormOptions(getDb());
  const values: ActivityValues = {
    title: "",
    slug: "",
    summary: "",
    description: "",
    category: "social",
    audience: "everyone",
    languages: ["sv"],
    otherLanguages: "",
    organiser: "staff",
    areaId: String(options.areas[0]?.id ?? ""),
    placeId: "",
    roomId: "",
    locationName: "",
    locationAddress: "",
    signupMode: "none",
    capacity: "",
    askPartySize: false,
    firstNameOnly: false,
    requireEmail: true,
    requirePhone: false,
    status: "published",
    statusReason: "",
  };
  return { options, values, schedule: scheduleValuesOf(undefined), languages: COMMON_LANGUAGES };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const db = getDb();
  const now = new Date();
  const fields = formStrings(await request.formData(), ["languages", "weekdays"]);
  const details = parseActivityForm(fields);
  const schedule = parseScheduleForm(fields);
  const errors: FieldErrors = { ...details.errors, ...schedule.errors };
  if (details.input) Object.assign(errors, await activityReferenceErrors(db, details.input, null));
  // A new activity whose every date has passed would be created with no sessions at all.
  if (
    schedule.schedule &&
    !generateSessions(schedule.schedule).some((session) => session.startsAt > now)
  ) {
    errors.startDate = { key: "staffActivities.error.noFutureSessions" };
  }
  const refuse = (refusal: FieldErrors) =>
    data({ values: details.values, schedule: schedule.values, errors: refusal }, { status: 400 });
  if (!details.input || !schedule.schedule || Object.keys(errors).length > 0) {
    return refuse(errors);
  }
  const created = await createActivity(db, details.input, schedule.schedule, user.id, now);
  if (!created.ok) return refuse(created.errors);
  throw redirect(`/staff/activities/${created.id}?saved=created`);
}

export default function NewActivity() {
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errors = result?.errors ?? {};
  return (
    <div className="page">
      <p className="eyebrow">
        <Link to="/staff/activities">{t("staffActivities.back")}</Link>
      </p>
      <h1>{t("staffActivities.new")}</h1>
      <ErrorSummary errors={errors} />
      <Form method="post" className="form" noValidate>
        <ActivityFields
          prefix="activity"
          values={result?.values ?? loaderData.values}
          errors={errors}
          options={loaderData.options}
          languageChoices={loaderData.languages}
        />
        <ScheduleFields
          prefix="schedule"
          values={result?.schedule ?? loaderData.schedule}
          errors={errors}
        />
        <p>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("staffActivities.create")}
          </button>
        </p>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaTranslator(matches);
  return [{ title: pageTitle(t("staffActivities.new")) }, { name: "robots", content: "noindex" }];
};
