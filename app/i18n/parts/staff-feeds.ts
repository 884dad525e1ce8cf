// Staff page for partners' external calendars (ICS import).
export const staffFeedsSv = {
  "staff.feeds": "Importerade kalendrar",
  "feeds.intro":
    "Samarbetspartner som redan har en kalender någon annanstans behöver inte skriva in sina aktiviteter två gånger. Kalendern hämtas var sjätte timme. Nya aktiviteter från partner som inte är betrodda väntar på godkännande.",
  "feeds.add": "Lägg till en kalender",
  "feeds.partner": "Samarbetspartner",
  "feeds.place": "Mötesplats",
  "feeds.url": "Kalenderns adress (ICS)",
  "feeds.urlHint": "Börjar med https:// eller webcal://",
  "feeds.save": "Lägg till",
  "feeds.runNow": "Hämta nu",
  "feeds.lastRuns": "Senaste hämtningar",
  "feeds.never": "Inte hämtad ännu",
  "feeds.ok":
    "Klart: {created} nya, {updated} ändrade, {cancelled} inställda, {skipped} hoppade över",
  "feeds.error": "Fel: {message}",
  "feeds.none": "Inga kalendrar är tillagda.",
  "feeds.choose": "Välj",
  "feeds.duplicate": "Den kalendern är redan tillagd för den partnern och mötesplatsen.",
  "feeds.saved": "Sparat.",
  "feeds.ran": "Kalendern är hämtad.",
} as const;

export const staffFeedsEn: Record<keyof typeof staffFeedsSv, string> = {
  "staff.feeds": "Imported calendars",
  "feeds.intro":
    "Partners who already keep a calendar elsewhere need not type their activities twice. The calendar is fetched every six hours. New activities from partners that are not trusted wait for approval.",
  "feeds.add": "Add a calendar",
  "feeds.partner": "Partner",
  "feeds.place": "Meeting place",
  "feeds.url": "The calendar's address (ICS)",
  "feeds.urlHint": "Starts with https:// or webcal://",
  "feeds.save": "Add",
  "feeds.runNow": "Fetch now",
  "feeds.lastRuns": "Latest fetches",
  "feeds.never": "Not fetched yet",
  "feeds.ok": "Done: {created} new, {updated} changed, {cancelled} cancelled, {skipped} skipped",
  "feeds.error": "Error: {message}",
  "feeds.none": "No calendars have been added.",
  "feeds.choose": "Choose",
  "feeds.duplicate": "That calendar is already added for that partner and meeting place.",
  "feeds.saved": "Saved.",
  "feeds.ran": "The calendar has been fetched.",
};
