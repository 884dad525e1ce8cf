// Erasure and retention.
export const privacySv = {
  "erase.title": "Radera mina uppgifter",
  "erase.intro":
    "Tar bort ditt namn, din e-post, ditt telefonnummer och ditt meddelande från den här anmälan, och avbokar den. Det går inte att ångra.",
  "erase.button": "Radera mina uppgifter",
  "erase.done": "Dina uppgifter är raderade och anmälan är avbokad.",
  "staffErase.title": "Radera uppgifter om en person",
  "staffErase.intro":
    "Raderar allt som finns sparat om en e-postadress eller ett telefonnummer: anmälningar (namn, e-post, telefon, meddelande), mejl och kalenderlänkar. Kommande anmälningar avbokas. Antalen i rapporterna påverkas inte.",
  "staffErase.kind": "Vad vill du söka på?",
  "staffErase.email": "E-postadress",
  "staffErase.phone": "Telefonnummer",
  "staffErase.value": "Adress eller nummer",
  "staffErase.submit": "Radera",
  "staffErase.receipt":
    "Kvitto: {signups} anmälningar raderade, varav {cancelled} avbokade, {mails} mejl och {feeds} kalenderlänkar borttagna.",
  "staffErase.invalid": "Skriv en e-postadress eller ett telefonnummer.",
} as const;

export const privacyEn: Record<keyof typeof privacySv, string> = {
  "erase.title": "Erase my details",
  "erase.intro":
    "Removes your name, email, phone number and message from this sign-up, and cancels it. This cannot be undone.",
  "erase.button": "Erase my details",
  "erase.done": "Your details are erased and the sign-up is cancelled.",
  "staffErase.title": "Erase what is held about a person",
  "staffErase.intro":
    "Erases everything stored for an email address or phone number: sign-ups (name, email, phone, message), mail and calendar links. Future sign-ups are cancelled. The report figures are not affected.",
  "staffErase.kind": "What do you want to search by?",
  "staffErase.email": "Email address",
  "staffErase.phone": "Phone number",
  "staffErase.value": "Address or number",
  "staffErase.submit": "Erase",
  "staffErase.receipt":
    "Receipt: {signups} sign-ups erased, {cancelled} of them cancelled, {mails} mails and {feeds} calendar links removed.",
  "staffErase.invalid": "Enter an email address or a phone number.",
};
