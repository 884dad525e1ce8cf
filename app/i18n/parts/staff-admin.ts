// The staff pages that manage areas, places, rooms, partners and users.
export const staffAdminSv = {
  "staffAdmin.saved": "Sparat.",
  "staffAdmin.save": "Spara",
  "staffAdmin.errorSummary": "Något behöver rättas innan det kan sparas. Se meddelandena nedan.",
  "staffAdmin.name": "Namn",
  "staffAdmin.slug": "Kortnamn i adressen",
  "staffAdmin.description": "Beskrivning",
  "staffAdmin.email": "E-post",
  "staffAdmin.chooseOne": "Välj …",
  "staffAdmin.yes": "Ja",
  "staffAdmin.no": "Nej",

  "staffAdmin.error.invalid": "Kontrollera det här fältet.",
  "staffAdmin.error.tooLong": "Skriv högst {max} tecken.",
  "staffAdmin.error.choose": "Välj ett av alternativen.",
  "staffAdmin.error.slug":
    "Använd bara a–z, siffror och bindestreck mellan orden, till exempel norra-hamnen.",
  "staffAdmin.error.slugTaken": "Det kortnamnet används redan. Välj ett annat.",
  "staffAdmin.error.postalCode": "Skriv postnumret med fem siffror, till exempel 252 25.",
  "staffAdmin.error.timeMissing": "Fyll i en tid, eller kryssa i Stängt.",
  "staffAdmin.error.time": "Skriv tiden som TT:MM, till exempel 09:30.",
  "staffAdmin.error.closesBeforeOpens": "Stängningstiden måste vara senare än öppningstiden.",
  "staffAdmin.error.capacity": "Skriv ett heltal från 1 till 1000.",
  "staffAdmin.error.roomNameTaken": "Det finns redan en lokal med det namnet här.",
  "staffAdmin.error.roomInUse":
    "Lokalen används av aktiviteter ({count} st) och kan inte tas bort. Flytta aktiviteterna först.",
  "staffAdmin.error.roomUsed":
    "Lokalen används (till exempel av en bokning) och kan inte tas bort.",
  "staffAdmin.error.website":
    "Skriv en webbadress som börjar med https:// eller http://, till exempel https://exempel.se.",
  "staffAdmin.error.emailTaken": "Det finns redan en användare med den e-postadressen.",
  "staffAdmin.error.role": "Välj en roll.",
  "staffAdmin.error.partnerMissing": "Välj vilken samarbetspartner användaren hör till.",
  "staffAdmin.error.partnerNotAllowed":
    "Bara rollen Partner hör till en samarbetspartner. Välj Ingen, eller byt roll till Partner.",
  "staffAdmin.error.ownAdmin":
    "Du kan inte ta bort din egen administratörsroll. Be en annan administratör om det.",

  "staffAdmin.areas.title": "Områden",
  "staffAdmin.areas.intro":
    "Områdena grupperar mötesplatser och aktiviteter. Kortnamnet finns i kalenderadresser och kan inte ändras efteråt.",
  "staffAdmin.areas.none": "Det finns inga områden än.",
  "staffAdmin.areas.places": "Mötesplatser",
  "staffAdmin.areas.nameOf": "Namn på området {slug}",
  "staffAdmin.areas.rename": "Byt namn",
  "staffAdmin.areas.new": "Nytt område",
  "staffAdmin.areas.slugHint":
    "Syns i kalenderadressen, till exempel /feeds/areas/soder.ics. Lämna tomt så skapas det av namnet.",
  "staffAdmin.areas.create": "Lägg till området",

  "staffAdmin.places.title": "Mötesplatser",
  "staffAdmin.places.none": "Det finns inga mötesplatser än.",
  "staffAdmin.places.new": "Ny mötesplats",
  "staffAdmin.places.back": "Alla mötesplatser",
  "staffAdmin.places.area": "Område",
  "staffAdmin.places.street": "Gatuadress",
  "staffAdmin.places.postalCode": "Postnummer",
  "staffAdmin.places.city": "Ort",
  "staffAdmin.places.accessibility": "Tillgänglighet",
  "staffAdmin.places.accessibilityHint":
    "Till exempel entré, toalett, hörslinga. Visas för besökarna.",
  "staffAdmin.places.rooms": "Lokaler",
  "staffAdmin.places.publicPage": "Publik sida",
  "staffAdmin.places.seePublic": "Visa den publika sidan",
  "staffAdmin.places.details": "Uppgifter",
  "staffAdmin.places.slugHintNew":
    "Syns i adressen, till exempel /places/soder. Lämna tomt så skapas det av namnet.",
  "staffAdmin.places.slugHintEdit":
    "Syns i adressen /places/… och i kalenderprenumerationer. Byter du det slutar gamla länkar och prenumerationer att fungera.",
  "staffAdmin.places.needArea": "Lägg först till ett område:",
  "staffAdmin.places.hoursLater":
    "Öppettider och lokaler lägger du till när mötesplatsen är skapad.",
  "staffAdmin.places.create": "Skapa mötesplatsen",

  "staffAdmin.hours.intro": "En tid per dag. Kryssa i Stängt för dagar då mötesplatsen är stängd.",
  "staffAdmin.hours.opens": "Öppnar",
  "staffAdmin.hours.closes": "Stänger",
  "staffAdmin.hours.save": "Spara öppettiderna",

  "staffAdmin.rooms.none": "Mötesplatsen har inga lokaler än.",
  "staffAdmin.rooms.capacity": "Antal platser",
  "staffAdmin.rooms.capacityHint": "Hur många personer som får vara i lokalen, högst {max}.",
  "staffAdmin.rooms.save": "Spara lokalen",
  "staffAdmin.rooms.remove": "Ta bort {name}",
  "staffAdmin.rooms.usedBy": "Används av aktiviteter ({count} st), så lokalen kan inte tas bort.",
  "staffAdmin.rooms.add": "Ny lokal",
  "staffAdmin.rooms.addButton": "Lägg till lokalen",

  "staffAdmin.partners.title": "Samarbetspartner",
  "staffAdmin.partners.none": "Det finns inga samarbetspartner än.",
  "staffAdmin.partners.new": "Ny samarbetspartner",
  "staffAdmin.partners.back": "Alla samarbetspartner",
  "staffAdmin.partners.create": "Skapa samarbetspartnern",
  "staffAdmin.partners.slugHint": "Används i adresser. Lämna tomt så skapas det av namnet.",
  "staffAdmin.partners.website": "Webbplats",
  "staffAdmin.partners.websiteHint": "Hela adressen, till exempel https://exempel.se.",
  "staffAdmin.partners.trusted": "Betrodd",
  "staffAdmin.partners.trustedShort": "Betrodd",
  "staffAdmin.partners.trustedHint":
    "En betrodd samarbetspartner publicerar sina aktiviteter och bokningar direkt. Andras väntar på att personalen godkänner dem.",
  "staffAdmin.partners.places": "Mötesplatser de samarbetar med",
  "staffAdmin.partners.noPlaces": "Det finns inga mötesplatser att välja än.",
  "staffAdmin.partners.members": "Medlemmar med inloggning",
  "staffAdmin.partners.noMembers": "Ingen har inloggning för den här samarbetspartnern än.",
  "staffAdmin.partners.membersHint":
    "En administratör ger inloggning under Användare, med rollen Partner.",

  "staffAdmin.role.admin": "Administratör",
  "staffAdmin.role.staff": "Personal",
  "staffAdmin.role.partner": "Partner",
  "staffAdmin.users.title": "Användare",
  "staffAdmin.users.new": "Ny användare",
  "staffAdmin.users.newIntro":
    "Användaren loggar in med en länk som skickas till e-postadressen. Inget lösenord behövs.",
  "staffAdmin.users.back": "Alla användare",
  "staffAdmin.users.create": "Skapa användaren",
  "staffAdmin.users.emailHint": "Inloggningslänken skickas hit.",
  "staffAdmin.users.role": "Roll",
  "staffAdmin.users.roleHint":
    "Administratör: allt, även användare. Personal: allt utom användare. Partner: bara sin egen samarbetspartners saker.",
  "staffAdmin.users.partner": "Samarbetspartner",
  "staffAdmin.users.partnerHint": "Bara för rollen Partner.",
  "staffAdmin.users.noPartner": "Ingen",
  "staffAdmin.users.sessions": "Inloggningar",
  "staffAdmin.users.selfHint": "Det här är du. Du kan inte ta bort din egen administratörsroll.",
  "staffAdmin.users.logoutTitle": "Logga ut överallt",
  "staffAdmin.users.sessionCount": "Öppna inloggningar just nu: {count}.",
  "staffAdmin.users.logoutHint":
    "Avslutar alla inloggningar, på alla enheter. Till exempel om en telefon har kommit bort.",
  "staffAdmin.users.logoutButton": "Logga ut överallt",
  "staffAdmin.users.loggedOut": "Utloggad överallt. Avslutade inloggningar: {count}.",
} as const;

export const staffAdminEn: Record<keyof typeof staffAdminSv, string> = {
  "staffAdmin.saved": "Saved.",
  "staffAdmin.save": "Save",
  "staffAdmin.errorSummary":
    "Something needs correcting before it can be saved. See the messages below.",
  "staffAdmin.name": "Name",
  "staffAdmin.slug": "Short name in the address",
  "staffAdmin.description": "Description",
  "staffAdmin.email": "Email",
  "staffAdmin.chooseOne": "Choose …",
  "staffAdmin.yes": "Yes",
  "staffAdmin.no": "No",

  "staffAdmin.error.invalid": "Please check this field.",
  "staffAdmin.error.tooLong": "Use at most {max} characters.",
  "staffAdmin.error.choose": "Choose one of the options.",
  "staffAdmin.error.slug":
    "Use only a–z, digits and hyphens between words, for example north-harbour.",
  "staffAdmin.error.slugTaken": "That short name is taken. Choose another one.",
  "staffAdmin.error.postalCode": "Enter the postal code as five digits, for example 252 25.",
  "staffAdmin.error.timeMissing": "Enter a time, or tick Closed.",
  "staffAdmin.error.time": "Enter the time as HH:MM, for example 09:30.",
  "staffAdmin.error.closesBeforeOpens": "The closing time must be later than the opening time.",
  "staffAdmin.error.capacity": "Enter a whole number from 1 to 1000.",
  "staffAdmin.error.roomNameTaken": "There is already a room with that name here.",
  "staffAdmin.error.roomInUse":
    "Activities use this room ({count}), so it cannot be removed. Move the activities first.",
  "staffAdmin.error.roomUsed":
    "The room is in use (for example by a booking) and cannot be removed.",
  "staffAdmin.error.website":
    "Enter a web address starting with https:// or http://, for example https://example.org.",
  "staffAdmin.error.emailTaken": "There is already a user with that email address.",
  "staffAdmin.error.role": "Choose a role.",
  "staffAdmin.error.partnerMissing": "Choose the partner this user belongs to.",
  "staffAdmin.error.partnerNotAllowed":
    "Only the Partner role belongs to a partner. Choose None, or change the role to Partner.",
  "staffAdmin.error.ownAdmin":
    "You cannot remove your own admin role. Ask another administrator to do it.",

  "staffAdmin.areas.title": "Areas",
  "staffAdmin.areas.intro":
    "Areas group meeting places and activities. The short name is part of calendar addresses and cannot be changed later.",
  "staffAdmin.areas.none": "There are no areas yet.",
  "staffAdmin.areas.places": "Meeting places",
  "staffAdmin.areas.nameOf": "Name of the area {slug}",
  "staffAdmin.areas.rename": "Rename",
  "staffAdmin.areas.new": "New area",
  "staffAdmin.areas.slugHint":
    "Part of the calendar address, for example /feeds/areas/soder.ics. Leave it empty to make one from the name.",
  "staffAdmin.areas.create": "Add the area",

  "staffAdmin.places.title": "Meeting places",
  "staffAdmin.places.none": "There are no meeting places yet.",
  "staffAdmin.places.new": "New meeting place",
  "staffAdmin.places.back": "All meeting places",
  "staffAdmin.places.area": "Area",
  "staffAdmin.places.street": "Street address",
  "staffAdmin.places.postalCode": "Postal code",
  "staffAdmin.places.city": "Town",
  "staffAdmin.places.accessibility": "Accessibility",
  "staffAdmin.places.accessibilityHint":
    "For example entrance, toilet, hearing loop. Shown to visitors.",
  "staffAdmin.places.rooms": "Rooms",
  "staffAdmin.places.publicPage": "Public page",
  "staffAdmin.places.seePublic": "See the public page",
  "staffAdmin.places.details": "Details",
  "staffAdmin.places.slugHintNew":
    "Part of the address, for example /places/soder. Leave it empty to make one from the name.",
  "staffAdmin.places.slugHintEdit":
    "Part of the address /places/… and of calendar subscriptions. If you change it, old links and subscriptions stop working.",
  "staffAdmin.places.needArea": "Add an area first:",
  "staffAdmin.places.hoursLater": "You add opening hours and rooms once the meeting place exists.",
  "staffAdmin.places.create": "Create the meeting place",

  "staffAdmin.hours.intro": "One time span per day. Tick Closed for days when the place is closed.",
  "staffAdmin.hours.opens": "Opens",
  "staffAdmin.hours.closes": "Closes",
  "staffAdmin.hours.save": "Save the opening hours",

  "staffAdmin.rooms.none": "The meeting place has no rooms yet.",
  "staffAdmin.rooms.capacity": "Capacity",
  "staffAdmin.rooms.capacityHint": "How many people the room holds, at most {max}.",
  "staffAdmin.rooms.save": "Save the room",
  "staffAdmin.rooms.remove": "Remove {name}",
  "staffAdmin.rooms.usedBy": "Activities use this room ({count}), so it cannot be removed.",
  "staffAdmin.rooms.add": "New room",
  "staffAdmin.rooms.addButton": "Add the room",

  "staffAdmin.partners.title": "Partners",
  "staffAdmin.partners.none": "There are no partners yet.",
  "staffAdmin.partners.new": "New partner",
  "staffAdmin.partners.back": "All partners",
  "staffAdmin.partners.create": "Create the partner",
  "staffAdmin.partners.slugHint": "Used in addresses. Leave it empty to make one from the name.",
  "staffAdmin.partners.website": "Website",
  "staffAdmin.partners.websiteHint": "The whole address, for example https://example.org.",
  "staffAdmin.partners.trusted": "Trusted",
  "staffAdmin.partners.trustedShort": "Trusted",
  "staffAdmin.partners.trustedHint":
    "A trusted partner's activities and bookings are published at once. Others wait for staff to approve them.",
  "staffAdmin.partners.places": "Meeting places they work with",
  "staffAdmin.partners.noPlaces": "There are no meeting places to choose yet.",
  "staffAdmin.partners.members": "Members who can log in",
  "staffAdmin.partners.noMembers": "Nobody can log in for this partner yet.",
  "staffAdmin.partners.membersHint":
    "An administrator gives access under Users, with the Partner role.",

  "staffAdmin.role.admin": "Administrator",
  "staffAdmin.role.staff": "Staff",
  "staffAdmin.role.partner": "Partner",
  "staffAdmin.users.title": "Users",
  "staffAdmin.users.new": "New user",
  "staffAdmin.users.newIntro":
    "The user logs in with a link sent to the email address. No password is needed.",
  "staffAdmin.users.back": "All users",
  "staffAdmin.users.create": "Create the user",
  "staffAdmin.users.emailHint": "The login link is sent here.",
  "staffAdmin.users.role": "Role",
  "staffAdmin.users.roleHint":
    "Administrator: everything, users too. Staff: everything except users. Partner: only their own partner's things.",
  "staffAdmin.users.partner": "Partner",
  "staffAdmin.users.partnerHint": "Only for the Partner role.",
  "staffAdmin.users.noPartner": "None",
  "staffAdmin.users.sessions": "Logins",
  "staffAdmin.users.selfHint": "This is you. You cannot remove your own admin role.",
  "staffAdmin.users.logoutTitle": "Log out everywhere",
  "staffAdmin.users.sessionCount": "Open logins right now: {count}.",
  "staffAdmin.users.logoutHint":
    "Ends every login, on every device. For example when a phone has been lost.",
  "staffAdmin.users.logoutButton": "Log out everywhere",
  "staffAdmin.users.loggedOut": "Logged out everywhere. Logins ended: {count}.",
};
