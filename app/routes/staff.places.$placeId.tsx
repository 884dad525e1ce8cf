import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import {
  CheckboxField,
  ErrorSummary,
  ErrorText,
  failureOf,
  keptValue,
  PlaceFields,
  SavedNotice,
  TextField,
} from "~/components/staff-form";
import { messageList } from "~/i18n/i18n";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/use-i18n";
import {
  addRoom,
  getPlaceForEdit,
  listAreas,
  removeRoom,
  setOpeningHours,
  updatePlace,
  updateRoom,
} from "~/models/staff-places.server";
import { requireStaff } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import {
  dayHours,
  fieldErrors,
  formValues,
  idInput,
  idParam,
  invalid,
  placeFields,
  requiredText,
  resolveSlug,
  roomCapacity,
  weekFromForm,
  type Saved,
} from "~/utils/staff-form.server";
import { NAME_MAX, ROOM_CAPACITY_MAX } from "~/utils/staff-form-types";

const room = { name: requiredText(NAME_MAX), capacity: roomCapacity };

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("details"), ...placeFields }),
  z.object({ intent: z.literal("hours"), days: z.array(dayHours).length(7) }),
  z.object({ intent: z.literal("room-add"), ...room }),
  z.object({ intent: z.literal("room-update"), roomId: idInput, ...room }),
  z.object({ intent: z.literal("room-remove"), roomId: idInput }),
]);

export async function loader({ params, request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const place = await getPlaceForEdit(db, idParam(params.placeId));
  if (!place) throw new Response("Not found", { status: 404 });
  return { place, areas: await listAreas(db) };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const placeId = idParam(params.placeId);
  const values = formValues(await request.formData(), ["closed"]);
  const parsed = actionSchema.safeParse({ ...values, days: weekFromForm(values) });
  if (!parsed.success) return invalid(values, fieldErrors(parsed.error));
  const input = parsed.data;
  const db = getDb();

  let saved: Saved | null;
  switch (input.intent) {
    case "details": {
      const slug = resolveSlug(input.slug, input.name);
      if (!slug) return invalid(values, { slug: { key: "field.required" } });
      saved = await updatePlace(db, user.id, placeId, { ...input, slug });
      break;
    }
    case "hours":
      saved = await setOpeningHours(
        db,
        user.id,
        placeId,
        input.days.map((day) => (day.closed ? null : { opens: day.opens, closes: day.closes })),
      );
      break;
    case "room-add":
      saved = await addRoom(db, user.id, placeId, { name: input.name, capacity: input.capacity });
      break;
    case "room-update":
      saved = await updateRoom(db, user.id, placeId, input.roomId, {
        name: input.name,
        capacity: input.capacity,
      });
      break;
    case "room-remove":
      saved = await removeRoom(db, user.id, placeId, input.roomId);
      break;
  }
  if (!saved) throw new Response("Not found", { status: 404 });
  if (!saved.ok) return invalid(values, saved.errors);
  throw redirect(`/staff/places/${placeId}?saved=1`);
}

export default function EditPlace() {
  const { place, areas } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale, t } = useI18n();
  const location = useLocation();
  const details = failureOf(result, "details");
  const hours = failureOf(result, "hours");
  const adding = failureOf(result, "room-add");
  const dayNames = messageList(locale, "days.long");

  return (
    <div className="page">
      <p>
        <Link to="/staff/places">{t("staffAdmin.places.back")}</Link>
      </p>
      <h1>{place.name}</h1>
      <p>
        <Link to={`/places/${place.slug}`}>{t("staffAdmin.places.seePublic")}</Link>
      </p>
      <SavedNotice />

      <section aria-labelledby="details-title">
        <h2 id="details-title">{t("staffAdmin.places.details")}</h2>
        <ErrorSummary failure={details} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="details" />
          <PlaceFields failure={details} place={place} areas={areas} />
          <p>
            <button type="submit" className="button">
              {t("staffAdmin.save")}
            </button>
          </p>
        </Form>
      </section>

      <section aria-labelledby="hours-title">
        <h2 id="hours-title">{t("places.hours")}</h2>
        <p className="hint">{t("staffAdmin.hours.intro")}</p>
        <ErrorSummary failure={hours} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="hours" />
          {dayNames.map((dayName, index) => {
            const weekday = index + 1;
            const stored = place.hours.find((row) => row.weekday === weekday);
            const closed = hours ? [hours.values.closed].flat().includes(String(weekday)) : !stored;
            return (
              <fieldset key={weekday} className="hours-day">
                <legend>{dayName.charAt(0).toLocaleUpperCase(locale) + dayName.slice(1)}</legend>
                {(["opens", "closes"] as const).map((edge) => {
                  const id = `${edge}-${weekday}`;
                  return (
                    <TextField
                      key={edge}
                      id={id}
                      name={id}
                      type="time"
                      label={t(`staffAdmin.hours.${edge}`)}
                      defaultValue={keptValue(hours, id, stored?.[edge] ?? "")}
                      error={hours?.errors[`days.${index}.${edge}`]}
                    />
                  );
                })}
                <CheckboxField
                  id={`closed-${weekday}`}
                  name="closed"
                  value={weekday}
                  label={t("places.closed")}
                  defaultChecked={closed}
                />
              </fieldset>
            );
          })}
          <p>
            <button type="submit" className="button">
              {t("staffAdmin.hours.save")}
            </button>
          </p>
        </Form>
      </section>

      <section aria-labelledby="rooms-title">
        <h2 id="rooms-title">{t("places.rooms")}</h2>
        {place.rooms.length === 0 ? <p>{t("staffAdmin.rooms.none")}</p> : null}
        <ul className="cards">
          {place.rooms.map((room) => {
            const target = { field: "roomId", id: room.id };
            const editing = failureOf(result, "room-update", target);
            const removing = failureOf(result, "room-remove", target);
            const prefix = `room-${room.id}`;
            return (
              <li key={room.id} className="card">
                <h3>{room.name}</h3>
                <ErrorSummary failure={editing} />
                <Form method="post" className="form" noValidate>
                  <input type="hidden" name="intent" value="room-update" />
                  <input type="hidden" name="roomId" value={room.id} />
                  <TextField
                    id={`${prefix}-name`}
                    name="name"
                    label={t("staffAdmin.name")}
                    required
                    maxLength={NAME_MAX}
                    defaultValue={keptValue(editing, "name", room.name)}
                    error={editing?.errors.name}
                  />
                  <TextField
                    id={`${prefix}-capacity`}
                    name="capacity"
                    label={t("staffAdmin.rooms.capacity")}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={ROOM_CAPACITY_MAX}
                    step={1}
                    required
                    defaultValue={keptValue(editing, "capacity", room.capacity)}
                    error={editing?.errors.capacity}
                  />
                  <p>
                    <button type="submit" className="button button--quiet">
                      {t("staffAdmin.rooms.save")}
                      <span className="visually-hidden"> {room.name}</span>
                    </button>
                  </p>
                </Form>
                {room.activities > 0 ? (
                  <p className="hint">{t("staffAdmin.rooms.usedBy", { count: room.activities })}</p>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="room-remove" />
                    <input type="hidden" name="roomId" value={room.id} />
                    <button
                      type="submit"
                      className="link-button"
                      aria-describedby={removing ? `${prefix}-remove-error` : undefined}
                    >
                      {t("staffAdmin.rooms.remove", { name: room.name })}
                    </button>
                  </Form>
                )}
                <ErrorText id={`${prefix}-remove-error`} error={removing?.errors.form} />
              </li>
            );
          })}
        </ul>

        <h3>{t("staffAdmin.rooms.add")}</h3>
        <ErrorSummary failure={adding} />
        {/* A new key after each save empties the form for the next room. */}
        <Form method="post" className="form" noValidate key={location.key}>
          <input type="hidden" name="intent" value="room-add" />
          <TextField
            id="new-room-name"
            name="name"
            label={t("staffAdmin.name")}
            required
            maxLength={NAME_MAX}
            defaultValue={keptValue(adding, "name", "")}
            error={adding?.errors.name}
          />
          <TextField
            id="new-room-capacity"
            name="capacity"
            label={t("staffAdmin.rooms.capacity")}
            type="number"
            inputMode="numeric"
            min={1}
            max={ROOM_CAPACITY_MAX}
            step={1}
            required
            hint={t("staffAdmin.rooms.capacityHint", { max: ROOM_CAPACITY_MAX })}
            defaultValue={keptValue(adding, "capacity", "")}
            error={adding?.errors.capacity}
          />
          <p>
            <button type="submit" className="button">
              {t("staffAdmin.rooms.addButton")}
            </button>
          </p>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t } = metaTranslator(matches);
  return [
    { title: pageTitle(data ? data.place.name : t("staffAdmin.places.title")) },
    { name: "robots", content: "noindex" },
  ];
};
