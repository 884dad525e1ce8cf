// The partner portal's activities and calendar feeds, and the staff approval queue.
export const partnerSv = {
  "partnerActivities.title": "Våra aktiviteter",
  "partnerActivities.intro":
    "Här lägger ni upp aktiviteter på de mötesplatser ni samarbetar med och ser hur många som anmäler sig och kommer.",
  "partnerActivities.trusted": "Er förening är betrodd: det ni lägger upp publiceras direkt.",
  "partnerActivities.untrusted":
    "Nya aktiviteter och ändringar av publicerade aktiviteter syns när personalen har godkänt dem. Ni får ett mejl om beslutet.",
  "partnerActivities.new": "Ny aktivitet",
  "partnerActivities.newIntro":
    "Skriv vad som händer, var och när. Adressnamnet kan lämnas tomt, då görs det av titeln.",
  "partnerActivities.back": "Alla våra aktiviteter",
  "partnerActivities.none": "Ni har inga aktiviteter ännu.",
  "partnerActivities.noPlaces":
    "Er förening är inte kopplad till någon mötesplats ännu. Kontakta personalen.",
  "partnerActivities.submit": "Skicka för godkännande",
  "partnerActivities.publish": "Publicera",
  "partnerActivities.next": "Nästa tillfälle: {when}",
  "partnerActivities.noNext": "Inga kommande tillfällen",
  "partnerActivities.signups": "{people} anmälda, {waiting} på väntelistan",
  "partnerActivities.turnout": "I snitt {average} besökare per tillfälle ({sessions} räknade)",
  "partnerActivities.noTurnout": "Ingen närvaro räknad ännu",
  "partnerActivities.declined": "Inte godkänd",
  "partnerActivities.declinedBecause": "Inte godkänd: {reason}",
  "partnerActivities.changeWaiting": "En ändring väntar på godkännande",
  "partnerActivities.changeDeclined": "Ändringen godkändes inte: {reason}",
  "partnerActivities.imported": "Från er kalender",
  "partnerActivities.bookings": "Lokalbokningar",
  "partnerActivities.bookingCounts":
    "Kommande: {pending} väntar på godkännande, {approved} godkända, {declined} inte godkända.",
  "partnerActivities.bookingsLink": "Till lokalbokningarna",
  "partnerActivities.feedsLink": "Hämta aktiviteter från er egen kalender (ICS)",
  "partnerActivities.notice.published": "Aktiviteten är publicerad.",
  "partnerActivities.notice.pending":
    "Tack! Aktiviteten väntar nu på att personalen godkänner den. Ni får ett mejl när det är klart.",
  "partnerActivities.notice.held":
    "Ändringen är sparad och väntar på godkännande. Till dess visas den publicerade versionen.",
  "partnerActivities.notice.applied": "Ändringarna är sparade.",
  "partnerActivities.pendingIntro":
    "Aktiviteten väntar på att personalen godkänner den. Ändringar ni gör nu följer med.",
  "partnerActivities.declinedIntro": "Personalen godkände inte aktiviteten. Anledning: {reason}",
  "partnerActivities.resubmitHint": "Ändra den och spara, så skickas den för godkännande igen.",
  "partnerActivities.waitingIntro":
    "Er ändring väntar på att personalen godkänner den. Formulären visar ändringen; den publika sidan visar den godkända versionen till dess.",
  "partnerActivities.importedHint":
    "Aktiviteten kommer från er importerade kalender. Vid nästa hämtning skrivs ändringar här över av det som står i kalendern.",
  "partnerActivities.headcount": "{count} besökare",
  "partnerActivities.notCounted": "inte räknat",
  "partnerActivities.countAttendance": "Räkna närvaro",
  "partnerActivities.signupNames": "Anmälda",
  "partnerActivities.namesHint":
    "Här syns bara namnen på de som anmält sig till era kommande tillfällen. Kontaktuppgifterna har personalen.",
  "partnerActivities.courseSignups": "Anmälda till hela kursen",
  "partnerActivities.party": "{name}, {count} personer",
  "partnerActivities.onWaitlist": "{name} (väntelista)",
  "partnerActivities.partyOnWaitlist": "{name}, {count} personer (väntelista)",
  "partnerActivities.error.place": "Välj en av de mötesplatser er förening samarbetar med.",
  "partnerActivities.yes": "Ja",
  "partnerActivities.no": "Nej",
  "partnerActivities.mail.approved.subject": "Godkänd: {title}",
  "partnerActivities.mail.approved.body":
    "Personalen har godkänt ”{title}”. Aktiviteten syns nu på Träffpunkt.",
  "partnerActivities.mail.declined.subject": "Inte godkänd: {title}",
  "partnerActivities.mail.declined.body":
    "Personalen har inte godkänt ”{title}”, så den syns inte på Träffpunkt. Ni kan ändra aktiviteten och skicka den igen.",
  "partnerActivities.mail.changeApproved.subject": "Godkänd: ändringen av {title}",
  "partnerActivities.mail.changeApproved.body":
    "Personalen har godkänt er ändring av ”{title}”. Den syns nu på Träffpunkt.",
  "partnerActivities.mail.changeDeclined.subject": "Inte godkänd: ändringen av {title}",
  "partnerActivities.mail.changeDeclined.body":
    "Personalen har inte godkänt er ändring av ”{title}”. Aktiviteten visas som förut.",
  "partnerActivities.mail.link": "Se aktiviteten: {link}",

  "partnerFeeds.title": "Er kalender",
  "partnerFeeds.intro":
    "Har ni redan en kalender någon annanstans kan ni lägga till dess adress här. Då hämtas era aktiviteter automatiskt var sjätte timme, till den mötesplats ni väljer.",

  "approvals.title": "Godkännanden",
  "approvals.intro":
    "Aktiviteter och ändringar från samarbetspartner som inte är betrodda syns inte för andra förrän någon här godkänner dem. Partnern får ett mejl om beslutet.",
  "approvals.bookings": "Lokalbokningar som väntar: {count}. De hanteras under Lokalbokningar.",
  "approvals.bookingsLink": "Till lokalbokningarna",
  "approvals.newActivities": "Nya aktiviteter",
  "approvals.noActivities": "Inga nya aktiviteter väntar.",
  "approvals.changes": "Ändringar av publicerade aktiviteter",
  "approvals.noChanges": "Inga ändringar väntar.",
  "approvals.from": "Från {partner}",
  "approvals.submittedBy": "Föreslagen av {name}",
  "approvals.imported": "Importerad från partnerns kalender",
  "approvals.upcoming": "{count} kommande tillfällen",
  "approvals.now": "Nu",
  "approvals.proposed": "Föreslaget",
  "approvals.empty": "(tomt)",
  "approvals.noVisibleChange": "Ändringen ändrar inget som syns.",
  "approvals.open": "Öppna aktiviteten",
  "approvals.approve": "Godkänn",
  "approvals.approveFor": "Godkänn {title}",
  "approvals.decline": "Godkänn inte",
  "approvals.declineFor": "Godkänn inte {title}",
  "approvals.declineReason": "Anledning, om du inte godkänner (skickas till partnern)",
  "approvals.approvedNotice": "Godkänt. Partnern får ett mejl.",
  "approvals.declinedNotice": "Inte godkänt. Partnern får ett mejl med anledningen.",
  "approvals.error.reason": "Skriv varför, så att partnern vet vad som behöver ändras.",
  "approvals.error.tooLong": "Högst {max} tecken.",
  "approvals.error.notFound": "Det finns inte längre.",
  "approvals.error.notPending": "Det här har redan avgjorts.",
  "approvals.error.invalid":
    "Ändringen går inte att godkänna som den är. Godkänn den inte och skriv varför.",
  "approvals.error.place": "Partnern samarbetar inte längre med den mötesplatsen.",
} as const;

export const partnerEn: Record<keyof typeof partnerSv, string> = {
  "partnerActivities.title": "Our activities",
  "partnerActivities.intro":
    "Post activities at the meeting places you work with, and see how many sign up and come.",
  "partnerActivities.trusted": "Your association is trusted: what you post is published at once.",
  "partnerActivities.untrusted":
    "New activities and changes to published ones appear once staff have approved them. You get an email about the decision.",
  "partnerActivities.new": "New activity",
  "partnerActivities.newIntro":
    "Say what happens, where and when. You may leave the address name empty; it is then made from the title.",
  "partnerActivities.back": "All our activities",
  "partnerActivities.none": "You have no activities yet.",
  "partnerActivities.noPlaces":
    "Your association is not linked to a meeting place yet. Please contact the staff.",
  "partnerActivities.submit": "Send for approval",
  "partnerActivities.publish": "Publish",
  "partnerActivities.next": "Next session: {when}",
  "partnerActivities.noNext": "No sessions to come",
  "partnerActivities.signups": "{people} signed up, {waiting} on the waiting list",
  "partnerActivities.turnout": "On average {average} visitors per session ({sessions} counted)",
  "partnerActivities.noTurnout": "No attendance counted yet",
  "partnerActivities.declined": "Not approved",
  "partnerActivities.declinedBecause": "Not approved: {reason}",
  "partnerActivities.changeWaiting": "A change is awaiting approval",
  "partnerActivities.changeDeclined": "The change was not approved: {reason}",
  "partnerActivities.imported": "From your calendar",
  "partnerActivities.bookings": "Room bookings",
  "partnerActivities.bookingCounts":
    "Coming up: {pending} awaiting approval, {approved} approved, {declined} not approved.",
  "partnerActivities.bookingsLink": "To the room bookings",
  "partnerActivities.feedsLink": "Import activities from your own calendar (ICS)",
  "partnerActivities.notice.published": "The activity is published.",
  "partnerActivities.notice.pending":
    "Thank you! The activity now awaits approval by the staff. You will get an email when it is done.",
  "partnerActivities.notice.held":
    "The change is saved and awaits approval. Until then the published version is shown.",
  "partnerActivities.notice.applied": "The changes are saved.",
  "partnerActivities.pendingIntro":
    "The activity awaits approval by the staff. Changes you make now are included.",
  "partnerActivities.declinedIntro": "The staff did not approve the activity. Reason: {reason}",
  "partnerActivities.resubmitHint": "Change it and save, and it is sent for approval again.",
  "partnerActivities.waitingIntro":
    "Your change awaits approval by the staff. The forms show the change; the public page shows the approved version until then.",
  "partnerActivities.importedHint":
    "This activity comes from your imported calendar. The next import overwrites changes made here with what the calendar says.",
  "partnerActivities.headcount": "{count} visitors",
  "partnerActivities.notCounted": "not counted",
  "partnerActivities.countAttendance": "Count attendance",
  "partnerActivities.signupNames": "Signed up",
  "partnerActivities.namesHint":
    "Only the names of those signed up for your coming sessions are shown here. The staff have the contact details.",
  "partnerActivities.courseSignups": "Signed up for the whole course",
  "partnerActivities.party": "{name}, {count} people",
  "partnerActivities.onWaitlist": "{name} (waiting list)",
  "partnerActivities.partyOnWaitlist": "{name}, {count} people (waiting list)",
  "partnerActivities.error.place": "Choose one of the meeting places your association works with.",
  "partnerActivities.yes": "Yes",
  "partnerActivities.no": "No",
  "partnerActivities.mail.approved.subject": "Approved: {title}",
  "partnerActivities.mail.approved.body":
    "The staff have approved “{title}”. The activity is now shown on Träffpunkt.",
  "partnerActivities.mail.declined.subject": "Not approved: {title}",
  "partnerActivities.mail.declined.body":
    "The staff have not approved “{title}”, so it is not shown on Träffpunkt. You may change the activity and send it again.",
  "partnerActivities.mail.changeApproved.subject": "Approved: the change to {title}",
  "partnerActivities.mail.changeApproved.body":
    "The staff have approved your change to “{title}”. It is now shown on Träffpunkt.",
  "partnerActivities.mail.changeDeclined.subject": "Not approved: the change to {title}",
  "partnerActivities.mail.changeDeclined.body":
    "The staff have not approved your change to “{title}”. The activity is shown as before.",
  "partnerActivities.mail.link": "See the activity: {link}",

  "partnerFeeds.title": "Your calendar",
  "partnerFeeds.intro":
    "If you already keep a calendar elsewhere, add its address here. Your activities are then fetched every six hours, to the meeting place you choose.",

  "approvals.title": "Approvals",
  "approvals.intro":
    "Activities and changes from partners that are not trusted stay hidden until someone here approves them. The partner gets an email about the decision.",
  "approvals.bookings": "Room bookings waiting: {count}. They are handled under Room bookings.",
  "approvals.bookingsLink": "To the room bookings",
  "approvals.newActivities": "New activities",
  "approvals.noActivities": "No new activities are waiting.",
  "approvals.changes": "Changes to published activities",
  "approvals.noChanges": "No changes are waiting.",
  "approvals.from": "From {partner}",
  "approvals.submittedBy": "Proposed by {name}",
  "approvals.imported": "Imported from the partner's calendar",
  "approvals.upcoming": "{count} sessions to come",
  "approvals.now": "Now",
  "approvals.proposed": "Proposed",
  "approvals.empty": "(empty)",
  "approvals.noVisibleChange": "The change changes nothing visible.",
  "approvals.open": "Open the activity",
  "approvals.approve": "Approve",
  "approvals.approveFor": "Approve {title}",
  "approvals.decline": "Do not approve",
  "approvals.declineFor": "Do not approve {title}",
  "approvals.declineReason": "Reason, if you do not approve (sent to the partner)",
  "approvals.approvedNotice": "Approved. The partner gets an email.",
  "approvals.declinedNotice": "Not approved. The partner gets an email with the reason.",
  "approvals.error.reason": "Say why, so the partner knows what needs changing.",
  "approvals.error.tooLong": "At most {max} characters.",
  "approvals.error.notFound": "It no longer exists.",
  "approvals.error.notPending": "This has already been decided.",
  "approvals.error.invalid":
    "The change cannot be approved as it is. Do not approve it, and say why.",
  "approvals.error.place": "The partner no longer works with that meeting place.",
};
