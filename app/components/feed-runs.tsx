import { Form } from "@remix-run/react";
import { utcToZoned } from "~/domain/time";
import { formatDate } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";

type Run = {
  id: number;
  started_at: string;
  outcome: "ok" | "error";
  created_count: number;
  updated_count: number;
  cancelled_count: number;
  skipped_count: number;
  error: string | null;
};

/** An imported calendar's address, its latest runs and a "fetch now" button (staff and partners). */
export function FeedRuns({ source }: { source: { id: number; url: string; runs: Run[] } }) {
  const { locale, t } = useI18n();
  const when = (instant: string) => {
    const at = utcToZoned(new Date(instant));
    return `${formatDate(locale, at.date)} ${at.time}`;
  };
  return (
    <>
      <p className="manage-link">{source.url}</p>
      <h3>{t("feeds.lastRuns")}</h3>
      {source.runs.length === 0 ? (
        <p>{t("feeds.never")}</p>
      ) : (
        <ul className="feed-runs">
          {source.runs.map((run) => (
            <li key={run.id}>
              <time dateTime={run.started_at}>{when(run.started_at)}</time>:{" "}
              {run.outcome === "ok"
                ? t("feeds.ok", {
                    created: run.created_count,
                    updated: run.updated_count,
                    cancelled: run.cancelled_count,
                    skipped: run.skipped_count,
                  })
                : t("feeds.error", { message: run.error ?? "" })}
            </li>
          ))}
        </ul>
      )}
      <Form method="post">
        <input type="hidden" name="intent" value="run" />
        <input type="hidden" name="sourceId" value={source.id} />
        <button type="submit" className="button button--quiet">
          {t("feeds.runNow")}
        </button>
      </Form>
    </>
  );
}

/** The calendar address field of the "add a calendar" forms, with its hint and message. */
export function FeedUrlField({
  defaultValue,
  error,
}: {
  defaultValue: string | undefined;
  error: string | null;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor="feed-url">{t("feeds.url")}</label>
      <input
        id="feed-url"
        name="url"
        type="url"
        inputMode="url"
        autoCapitalize="none"
        spellCheck={false}
        required
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "feed-url-hint feed-url-error" : "feed-url-hint"}
      />
      <p className="hint" id="feed-url-hint">
        {t("feeds.urlHint")}
      </p>
      {error ? (
        <p className="field-error" id="feed-url-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
