import { useRouteLoaderData } from "@remix-run/react";
import { useI18n } from "~/i18n/use-i18n";

function useOrigin(): string {
  const data = useRouteLoaderData<{ publicUrl: string }>("root");
  return data?.publicUrl ?? "";
}

/** Subscribe to a feed: webcal:// opens the calendar app; the https address is there to copy. */
export function SubscribeLinks({ feedPath, label }: { feedPath: string; label: string }) {
  const { t } = useI18n();
  const origin = useOrigin();
  const https = `${origin}${feedPath}`;
  const webcal = https.replace(/^https?:/, "webcal:");
  const id = `feed-${feedPath.replace(/[^a-z0-9]+/gi, "-")}`;
  return (
    <section className="subscribe" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("feed.title")}</h2>
      <p>
        <a href={webcal} className="button button--quiet">
          {t("feed.subscribe", { name: label })}
        </a>
      </p>
      <label htmlFor={id}>{t("feed.copy")}</label>
      <input id={id} className="copy-field" readOnly value={https} />
    </section>
  );
}

/** Per session: an .ics file and a Google Calendar link. */
export function AddToCalendar({
  icsPath,
  title,
  startsAt,
  endsAt,
  location,
  details,
}: {
  icsPath: string;
  title: string;
  startsAt: string;
  endsAt: string;
  location: string;
  details: string;
}) {
  const { t } = useI18n();
  const compact = (instant: string) => instant.replace(/[-:]/g, "");
  const google = new URL("https://calendar.google.com/calendar/render");
  google.searchParams.set("action", "TEMPLATE");
  google.searchParams.set("text", title);
  google.searchParams.set("dates", `${compact(startsAt)}/${compact(endsAt)}`);
  google.searchParams.set("ctz", "Europe/Stockholm");
  google.searchParams.set("location", location);
  google.searchParams.set("details", details);
  return (
    <p className="add-to-calendar">
      <span>{t("feed.addToCalendar")}:</span> <a href={icsPath}>{t("feed.icsFile")}</a>
      {" · "}
      <a href={google.toString()} rel="noopener noreferrer" target="_blank">
        Google Kalender
      </a>
    </p>
  );
}
