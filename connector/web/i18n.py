"""The web page's two languages: English (the message itself is the key) and Dutch.

A plain dict, no compile step. ``tests/test_ui.py`` checks that every ``_("…")`` in the
templates and in the page modules (``page.py``, ``ui*.py``) has a Dutch entry. Messages that
come from the API's validation (per-field errors) stay in English: they are the same text the
API gives.
"""

from __future__ import annotations

from typing import Any

from connector.domain.contact_procedure_messages import MESSAGES as CONTACT_PROCEDURE_MESSAGES
from connector.domain.daily_word_messages import MESSAGES as DAILY_WORD_MESSAGES
from connector.web.i18n_privacy import MESSAGES as PRIVACY_MESSAGES

LANGUAGES = ("en", "nl")
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}
COOKIE = "standin_lang"

NL: dict[str, str] = {
    # the contact procedure on the period page (issue 21, item 4)
    "Contact procedure": "Contactprocedure",
    "No contact procedure agreed yet.": "Nog geen contactprocedure afgesproken.",
    "What is discussed": "Wat besproken wordt",
    "What is not discussed": "Wat niet besproken wordt",
    "Change the contact procedure": "Contactprocedure wijzigen",
    "Agree the contact procedure": "Contactprocedure afspreken",
    "How contact with the employee goes during this period: who, how often, how, and what is "
    "and is not discussed. Contact is never a check on the employee; they may decline. Saving "
    "notes the agreement in the contact log.": (
        "Hoe het contact met de medewerker verloopt in deze periode: wie, hoe vaak, hoe, en "
        "wat wel en niet besproken wordt. Contact is nooit een controle van de medewerker; "
        "die mag weigeren. Bij opslaan komt de afspraak in het contactlogboek."
    ),
    "Who, how often, how": "Wie, hoe vaak, hoe",
    "A name; leave empty for the team lead.": "Een naam; leeg laten voor de teamleider.",
    "What is and is not discussed": "Wat wel en niet besproken wordt",
    "Short and factual. No medical information: no diagnosis, symptoms, treatment or "
    "appointments, not even when the employee shared them.": (
        "Kort en feitelijk. Geen medische informatie: geen diagnose, klachten, behandeling of "
        "afspraken, ook niet als de medewerker die zelf vertelde."
    ),
    "The employee's wish": "De wens van de medewerker",
    "Until then no contact is due; on that day a check-in is.": (
        "Tot dan staat er geen contact gepland; op die dag wel."
    ),
    "Save the contact procedure": "Contactprocedure opslaan",
    "days": "dagen",
    "weeks": "weken",
    "Who makes contact": "Wie neemt contact op",
    "How often: every": "Hoe vaak: om de",
    "Days or weeks": "Dagen of weken",
    "Through which channel": "Via welk kanaal",
    "The employee wishes less contact for a while": "De medewerker wil een tijd minder contact",
    "Check in again on": "Opnieuw contact op",
    "How often": "Hoe vaak",
    "the team lead": "de teamleider",
    "Agreed on": "Afgesproken op",
    "Less contact until": "Minder contact tot",
    "Enter a whole number, e.g. 2.": "Vul een geheel getal in, bijv. 2.",
    "The contact procedure was saved and noted in the contact log.": (
        "De contactprocedure is opgeslagen en in het contactlogboek genoteerd."
    ),
    # the start move's state on the period page
    "Open tickets": "Open tickets",
    "Moved": "Verplaatst",
    "Could not be moved": "Niet te verplaatsen",
    "Stayed": "Gebleven",
    "Finished": "Klaar om",
    "not started yet": "nog niet begonnen",
    "running": "bezig",
    "done": "klaar",
    "cancelled": "geannuleerd",
    # the dry run's "what happens" per ticket
    "moves to the replacement": "gaat naar de vervanger",
    "goes to the fallback agent": "gaat naar de reserve-agent",
    "nobody can take it": "niemand kan het overnemen",
    "stays with the employee": "blijft bij de medewerker",
    # the daily word on the period page (issue 21, item 3)
    "Daily word": "Dagbericht",
    "Off (scheduler.daily_word); this is what it would say today.": (
        "Uit (scheduler.daily_word); dit zou het vandaag zeggen."
    ),
    "Sent every day from %(hour)s:00 in the period's time zone.": (
        "Elke dag verstuurd vanaf %(hour)s:00 in de tijdzone van de periode."
    ),
    "To the replacement": "Aan de vervanger",
    "To the team lead": "Aan de teamleider",
    # frame
    "Stand-in": "Stand-in",
    "Skip to content": "Naar de inhoud",
    "Periods": "Perioden",
    "Notice templates": "Klantberichten",
    "Sign in": "Inloggen",
    "Sign out": "Uitloggen",
    "Signed in as %(name)s (%(role)s)": "Ingelogd als %(name)s (%(role)s)",
    "Language": "Taal",
    "admin": "beheerder",
    "team_lead": "teamleider",
    "viewer": "meekijker",
    # inside the helpdesk (its app's frames)
    "This page could not confirm that it was opened from your helpdesk.": (
        "Deze pagina kon niet bevestigen dat ze vanuit uw helpdesk is geopend."
    ),
    "Your helpdesk did not answer. Please try again.": (
        "Uw helpdesk antwoordde niet. Probeer het opnieuw."
    ),
    "Open this page from your helpdesk again to sign in.": (
        "Open deze pagina opnieuw vanuit uw helpdesk om in te loggen."
    ),
    "Loading…": "Laden…",
    "Ticket %(id)s": "Ticket %(id)s",
    "Rerouted from %(employee)s to %(replacement)s on %(when)s": (
        "Omgeleid van %(employee)s naar %(replacement)s op %(when)s"
    ),
    "period from %(day)s": "periode vanaf %(day)s",
    "Handed back on %(when)s": "Teruggegeven op %(when)s",
    "Stand-in has not rerouted this ticket.": "Stand-in heeft dit ticket niet omgeleid.",
    "Set a period for %(name)s": "Een periode instellen voor %(name)s",
    "Replaced by %(name)s": "Vervangen door %(name)s",
    "Replaces %(name)s": "Vervangt %(name)s",
    "No periods for this agent.": "Geen perioden voor deze medewerker.",
    "Download as CSV": "Downloaden als CSV",
    "Download as PDF": "Downloaden als PDF",
    # data protection (admins)
    "Data protection": "Gegevensbescherming",
    "Everything Stand-in holds about one employee: export it, see who read their contact log, "
    "or erase it when the law requires.": (
        "Alles wat Stand-in over één medewerker bewaart: exporteer het, zie wie het contactlog "
        "las, of wis het als de wet dat vraagt."
    ),
    "Employee's e-mail address": "E-mailadres van de medewerker",
    "What is held": "Wat bewaard wordt",
    "%(periods)s periods, %(entries)s contact-log entries.": (
        "%(periods)s perioden, %(entries)s contactlogitems."
    ),
    "Export as JSON": "Exporteren als JSON",
    "Export as PDF": "Exporteren als PDF",
    "Stand-in holds nothing about this address.": "Stand-in bewaart niets over dit adres.",
    "Who read the contact log": "Wie het contactlog las",
    "How": "Hoe",
    "Entries": "Items",
    "api": "API",
    "page": "pagina",
    "export": "export",
    "Erase": "Wissen",
    "Anonymise: keep periods and audit as numbers, without name, address or text": (
        "Anonimiseren: perioden en audit blijven als aantallen, zonder naam, adres of tekst"
    ),
    "Erase: delete periods, audit and contact log": (
        "Wissen: perioden, audit en contactlog verwijderen"
    ),
    "Type the address again to confirm": "Typ het adres nogmaals ter bevestiging",
    "Done: %(periods)s periods and %(entries)s contact-log entries.": (
        "Klaar: %(periods)s perioden en %(entries)s contactlogitems."
    ),
    "Table": "Tabel",
    # scope, phases and hand-back in the period form
    "Tags": "Tags",
    "Groups": "Groepen",
    "Priorities": "Prioriteiten",
    "Customers (e-mail)": "Klanten (e-mail)",
    "Which tickets": "Welke tickets",
    "Empty: all of the employee's tickets. Several values: any of them, comma-separated. "
    "Tickets tagged %(tag)s always stay.": (
        "Leeg: alle tickets van de medewerker. Meerdere waarden: één daarvan volstaat, "
        "gescheiden door komma's. Tickets met de tag %(tag)s blijven altijd."
    ),
    "Only these (any of them)": "Alleen deze (één volstaat)",
    "Never these (any of them)": "Nooit deze (één volstaat)",
    "This period's scope was set through the API in a form this page cannot show; it stays as "
    "it is.": (
        "De reikwijdte van deze periode is via de API ingesteld op een manier die deze pagina "
        "niet kan tonen; ze blijft zoals ze is."
    ),
    "Phased return": "Geleidelijke terugkeer",
    "From each date the employee takes back these tickets again; the rest stays with the "
    "replacement. Tickets moved earlier go back at that date, by the hand-back rule below.": (
        "Vanaf elke datum neemt de medewerker deze tickets weer over; de rest blijft bij de "
        "vervanger. Eerder verplaatste tickets gaan op die datum terug, volgens de regel "
        "hieronder."
    ),
    "Phase %(n)s": "Fase %(n)s",
    "Phase %(n)s from": "Fase %(n)s vanaf",
    "Name": "Naam",
    "Takes back": "Neemt terug",
    "This period's phases were set through the API in a form this page cannot show; they "
    "stay as they are.": (
        "De fasen van deze periode zijn via de API ingesteld op een manier die deze pagina niet "
        "kan tonen; ze blijven zoals ze zijn."
    ),
    "At the end (and at each phase)": "Aan het eind (en bij elke fase)",
    "the employee has taken back %(what)s": "de medewerker heeft %(what)s teruggenomen",
    "Now": "Nu",
    "before the first phase": "voor de eerste fase",
    "Next change": "Volgende wijziging",
    "the phase ends": "de fase eindigt",
    "Hand back": "Teruggeven",
    "every moved ticket that is still open": "elk verplaatst ticket dat nog open is",
    "only tickets the replacement has not answered": (
        "alleen tickets die de vervanger niet heeft beantwoord"
    ),
    "nothing: tickets stay with the replacement": "niets: tickets blijven bij de vervanger",
    "Tell the customer who helps them again": "De klant laten weten wie hen weer helpt",
    # sign-in
    "Sign in with %(provider)s": "Inloggen met %(provider)s",
    "your company account": "uw bedrijfsaccount",
    "Single sign-on did not succeed. Please try again.": (
        "Inloggen via uw organisatie is niet gelukt. Probeer het opnieuw."
    ),
    "Your account has no Stand-in role. Ask your admin to add you.": (
        "Uw account heeft geen rol in Stand-in. Vraag uw beheerder u toe te voegen."
    ),
    "Your account is not linked to any helpdesk. Ask your admin to add you.": (
        "Uw account is aan geen enkele helpdesk gekoppeld. Vraag uw beheerder u toe te voegen."
    ),
    "Stand-in is running, but no helpdesk is connected yet.": (
        "Stand-in draait, maar er is nog geen helpdesk gekoppeld."
    ),
    "Stop it and run %(command)s: it asks for your helpdesk, writes the configuration and "
    "prints a sign-in link.": (
        "Stop het en voer %(command)s uit: het vraagt naar uw helpdesk, schrijft de "
        "configuratie en toont een inloglink."
    ),
    "Start it again with %(command)s.": "Start het opnieuw met %(command)s.",
    "Open the sign-in link it printed.": "Open de inloglink die het toonde.",
    "Sign in with the one-time link an admin gave you (standin invite), or with an API token "
    "(standin token create).": (
        "Log in met de eenmalige link van een beheerder (standin invite), of met een API-token "
        "(standin token create)."
    ),
    "This one-time link signs you in as %(name)s (%(role)s).": (
        "Met deze eenmalige link logt u in als %(name)s (%(role)s)."
    ),
    "This sign-in link has been used or has expired. Ask an admin for a new one.": (
        "Deze inloglink is al gebruikt of verlopen. Vraag een beheerder om een nieuwe."
    ),
    "API token": "API-token",
    "Unknown or revoked token.": "Onbekend of ingetrokken token.",
    "Too many failed sign-in attempts. Please wait %(minutes)s minutes and try again.": (
        "Te veel mislukte inlogpogingen. Wacht %(minutes)s minuten en probeer het opnieuw."
    ),
    "You have been signed out.": "U bent uitgelogd.",
    "Please sign in.": "Log eerst in.",
    # errors
    "Not allowed": "Niet toegestaan",
    "This needs the %(role)s role; you are signed in as %(have)s.": (
        "Hiervoor is de rol %(role)s nodig; u bent ingelogd als %(have)s."
    ),
    "The form expired or was not sent from this page. Please try again.": (
        "Het formulier is verlopen of niet vanaf deze pagina verstuurd. Probeer het opnieuw."
    ),
    "Form refused": "Formulier geweigerd",
    "You may not manage the helpdesk %(helpdesk)s.": "U mag de helpdesk %(helpdesk)s niet beheren.",
    "Not found": "Niet gevonden",
    "Back to the periods": "Terug naar de perioden",
    "Please correct the fields marked below.": "Verbeter de velden hieronder.",
    # statuses
    "active": "actief",
    "scheduled": "gepland",
    "ended": "beëindigd",
    "Status": "Status",
    # overview
    "Reassignment periods": "Herverdelingsperioden",
    "New period": "Nieuwe periode",
    "Helpdesk": "Helpdesk",
    "Team": "Team",
    "all": "alle",
    "Show": "Tonen",
    "Earlier": "Eerder",
    "Later": "Later",
    "This week": "Deze week",
    "today": "vandaag",
    "Timeline": "Tijdlijn",
    "Timeline of reassignment periods per employee, by week": (
        "Tijdlijn van herverdelingsperioden per medewerker, per week"
    ),
    "%(n)s periods lie outside these weeks; they are in the table below.": (
        "%(n)s perioden vallen buiten deze weken; ze staan in de tabel hieronder."
    ),
    "No periods yet.": "Nog geen perioden.",
    "Employee": "Medewerker",
    "Replacement": "Vervanger",
    "From": "Van",
    "Until (included)": "Tot en met",
    "Time zone": "Tijdzone",
    "Phases": "Fasen",
    "Open": "Openen",
    "Legend": "Legenda",
    "phase": "fase",
    # form
    "Change period %(id)s": "Periode %(id)s wijzigen",
    "Employee's agent e-mail": "Agent-e-mail van de medewerker",
    "Replacement's agent e-mail": "Agent-e-mail van de vervanger",
    "Start date": "Startdatum",
    "End date (included)": "Einddatum (inbegrepen)",
    "Dates are whole days in %(tz)s, the helpdesk's time zone, unless you choose another.": (
        "Datums zijn hele dagen in %(tz)s, de tijdzone van de helpdesk, tenzij u een andere kiest."
    ),
    "Leave empty for the helpdesk's time zone.": "Leeg laten voor de tijdzone van de helpdesk.",
    "The period has started; its start can no longer change.": (
        "De periode is begonnen; de start kan niet meer veranderen."
    ),
    "Customer notice": "Bericht aan klanten",
    "Send a notice to each customer": "Stuur elke klant een bericht",
    "Tone": "Toon",
    "formal": "formeel",
    "informal": "informeel",
    "Once per": "Eén keer per",
    "customer": "klant",
    "ticket": "ticket",
    "How customers hear about the employee": "Wat klanten over de medewerker horen",
    "Agree this with the employee (it is noted in the contact log); never a reason.": (
        "Spreek dit af met de medewerker (het komt in het contactlogboek); nooit een reden."
    ),
    "Not at all (default)": "Niets (standaard)",
    "“<first name> is temporarily not available”": "“<voornaam> is tijdelijk niet beschikbaar”",
    "“<first name> still works on your account; for contact, <replacement> helps you for now”": (
        "“<voornaam> werkt nog aan uw dossier; voor contact helpt <vervanger> u voorlopig”"
    ),
    "Show the end date": "Toon de einddatum",
    "Save": "Opslaan",
    # the dry run on the period form
    "Check what will happen": "Bekijk wat er gebeurt",
    "What will happen at the start": "Wat er bij de start gebeurt",
    "Nothing was changed: this is a check only.": (
        "Er is niets gewijzigd: dit is alleen een controle."
    ),
    "Open tickets of the employee": "Open tickets van de medewerker",
    "Move to the replacement": "Naar de vervanger",
    "Go to the fallback agent": "Naar de reserve-agent",
    "Stay with the employee": "Blijven bij de medewerker",
    "Nobody can take them": "Niemand kan ze overnemen",
    "Customers who will be told": "Klanten die een bericht krijgen",
    "No customer will be told.": "Geen enkele klant krijgt een bericht.",
    "Can the replacement take these tickets?": "Kan de vervanger deze tickets overnemen?",
    "Yes, the helpdesk raised no objection.": "Ja, de helpdesk heeft geen bezwaar gemeld.",
    "Tickets (the first 200)": "Tickets (de eerste 200)",
    "What happens": "Wat er gebeurt",
    "Why": "Waarom",
    "Moved tickets": "Verplaatste tickets",
    "No tickets moved yet.": "Nog geen tickets verplaatst.",
    "Customers told": "Klanten die een bericht kregen",
    "Customer": "Klant",
    "Cancel": "Annuleren",
    "Preview of the notice": "Voorbeeld van het bericht",
    "Preview language": "Taal van het voorbeeld",
    "The preview follows the form when you leave a field. The customer's name is a sample.": (
        "Het voorbeeld volgt het formulier als u een veld verlaat. "
        "De naam van de klant is een voorbeeld."
    ),
    "Known agents are suggested; the helpdesk is asked when you leave the field.": (
        "Bekende agents worden voorgesteld; de helpdesk wordt gevraagd als u het veld verlaat."
    ),
    "The period was saved.": "De periode is opgeslagen.",
    # detail
    "Period %(id)s": "Periode %(id)s",
    "Change": "Wijzigen",
    "End early": "Vroeg beëindigen",
    "Start move": "Verplaatsing bij de start",
    "Not available.": "Niet beschikbaar.",
    "Tickets rerouted per day": "Tickets per dag omgeleid",
    "Other replacements": "Andere vervangers",
    "with a scope": "met een afbakening",
    "Sharing among replacements": "Verdeling over de vervangers",
    "round_robin": "om de beurt",
    "fewest_open": "wie de minste open tickets heeft",
    "share": "vast aandeel",
    "Gradual return": "Geleidelijke terugkeer",
    "Came back": "Teruggekomen",
    "More replacements": "Meer vervangers",
    "Tickets are shared among the replacements; a customer stays with the replacement they "
    "were told about. Give groups to have a replacement take only those groups.": "De tickets "
    "worden over de vervangers verdeeld; een klant blijft bij de vervanger over wie hij "
    "bericht kreeg. Geef groepen op om een vervanger alleen die groepen te laten nemen.",
    "Replacement %(n)s": "Vervanger %(n)s",
    "Replacement %(n)s: agent e-mail": "Vervanger %(n)s: e-mailadres van de agent",
    "Only these groups": "Alleen deze groepen",
    "This period's replacements were set through the API in a form this page cannot show; "
    "they stay as they are.": "De vervangers van deze periode zijn via de API ingesteld op "
    "een manier die deze pagina niet kan tonen; ze blijven zoals ze zijn.",
    "New tickets back per day (at most)": "Nieuwe tickets terug per dag (hoogstens)",
    "or this percentage of new tickets": "of dit percentage van de nieuwe tickets",
    "Plan": "Plan",
    "%(n)s tickets rerouted from %(first)s to %(last)s.": (
        "%(n)s tickets omgeleid van %(first)s tot %(last)s."
    ),
    "Only the last %(n)s days are shown.": "Alleen de laatste %(n)s dagen staan erin.",
    "Show as a table": "Als tabel tonen",
    "Day": "Dag",
    "Tickets": "Tickets",
    "Notices": "Berichten",
    "sent": "verstuurd",
    "intended": "voorgenomen",
    "blocked": "tegengehouden",
    "No notices yet.": "Nog geen berichten.",
    "Audit trail": "Logboek",
    "When": "Wanneer",
    "What": "Wat",
    "Ticket": "Ticket",
    "Reason": "Reden",
    "By": "Door",
    "Nothing recorded yet.": "Nog niets vastgelegd.",
    "Created by": "Aangemaakt door",
    "Ended early at": "Vroeg beëindigd op",
    # end early
    "End period %(id)s early?": "Periode %(id)s vroeg beëindigen?",
    "From now on, %(employee)s's tickets are no longer rerouted to %(replacement)s.": (
        "Vanaf nu worden de tickets van %(employee)s niet meer naar %(replacement)s omgeleid."
    ),
    "%(n)s tickets were rerouted to %(replacement)s during this period:": (
        "%(n)s tickets zijn in deze periode naar %(replacement)s omgeleid:"
    ),
    "No tickets were rerouted during this period.": ("In deze periode zijn geen tickets omgeleid."),
    "Those still open and still with %(replacement)s go back to %(employee)s now.": (
        "Wie nog open is en nog bij %(replacement)s ligt, gaat nu terug naar %(employee)s."
    ),
    "Those still open, still with %(replacement)s and not yet answered by them go back to "
    "%(employee)s now.": (
        "Wie nog open is, nog bij %(replacement)s ligt en nog niet door hen beantwoord is, "
        "gaat nu terug naar %(employee)s."
    ),
    "These tickets stay with %(replacement)s until someone assigns them again.": (
        "Deze tickets blijven bij %(replacement)s tot iemand ze opnieuw toewijst."
    ),
    "Customers of tickets handed back get a short notice.": (
        "Klanten van teruggegeven tickets krijgen een kort bericht."
    ),
    "End the period now": "Beëindig de periode nu",
    "The period was ended.": "De periode is beëindigd.",
    # templates
    "Kind": "Soort",
    "notice": "bericht",
    "handback": "teruggave",
    "Subject": "Onderwerp",
    "Text": "Tekst",
    "HTML (optional)": "HTML (optioneel)",
    "Make this the active version": "Maak dit de actieve versie",
    "Save a new version": "Nieuwe versie opslaan",
    "Versions": "Versies",
    "Version": "Versie",
    "Active": "Actief",
    "yes": "ja",
    "no": "nee",
    "Activate": "Activeren",
    "built-in": "ingebouwd",
    "Editing: %(what)s. No saved versions yet; the built-in template is shown.": (
        "Bewerken: %(what)s. Nog geen opgeslagen versies; de ingebouwde tekst staat klaar."
    ),
    "Editing: %(what)s, starting from version %(version)s.": (
        "Bewerken: %(what)s, uitgaande van versie %(version)s."
    ),
    "Never a reason, a hint of one or a revealing date: the text is checked on save.": (
        "Nooit een reden, een hint daarvan of een veelzeggende datum: de tekst wordt bij "
        "opslaan gecontroleerd."
    ),
    "Version %(version)s was saved.": "Versie %(version)s is opgeslagen.",
    "Version %(version)s is now active.": "Versie %(version)s is nu actief.",
    "Choose": "Kiezen",
    "Variables": "Variabelen",
    # the notice editor: plain fields and the advanced mode
    "How to edit": "Hoe bewerken",
    "Plain fields": "Gewone velden",
    "Template code (advanced)": "Sjablooncode (gevorderd)",
    "Greeting (with the customer's name)": "Aanhef (met de naam van de klant)",
    "Greeting (when the customer's name is not known)": (
        "Aanhef (als de naam van de klant onbekend is)"
    ),
    "Main sentence": "Hoofdzin",
    "How to reach you (when a contact line is set)": (
        "Hoe men u bereikt (als er een contactregel is)"
    ),
    "How to reach you (without a contact line)": "Hoe men u bereikt (zonder contactregel)",
    "Closing": "Afsluiting",
    "the customer's name": "de naam van de klant",
    "the replacement's first name": "de voornaam van de vervanger",
    "the replacement's full name": "de volledige naam van de vervanger",
    "%(vendor)s sends this subject to the customer.": (
        "%(vendor)s stuurt dit onderwerp naar de klant."
    ),
    "%(vendor)s sends this subject only for a ticket without a subject of its own; "
    "otherwise the customer sees the ticket's subject.": (
        "%(vendor)s stuurt dit onderwerp alleen bij een ticket zonder eigen onderwerp; "
        "anders ziet de klant het onderwerp van het ticket."
    ),
    "%(vendor)s does not send this subject: the customer gets the notice in the ticket's "
    "conversation, under the ticket's own subject.": (
        "%(vendor)s stuurt dit onderwerp niet: de klant krijgt het bericht in het gesprek van "
        "het ticket, onder het eigen onderwerp van het ticket."
    ),
    "the usual contact's first name, or “your usual contact” when the period does not allow "
    "naming them": (
        "de voornaam van de vaste contactpersoon, of „uw vaste contactpersoon” als de periode "
        "niet toestaat de medewerker te noemen"
    ),
    "Write plain sentences. The e-mail's text and HTML are both made from these fields, so the "
    "preview is what the customer gets. {usual_contact} is the employee's first name only when "
    "the period allows naming them; otherwise it says “your usual contact” in the customer's "
    "language.": (
        "Schrijf gewone zinnen. De tekst en de HTML van het bericht worden allebei uit deze "
        "velden gemaakt, dus het voorbeeld is wat de klant krijgt. {usual_contact} is de "
        "voornaam van de medewerker, alleen als de periode toestaat de medewerker te noemen; "
        "anders staat er „uw vaste contactpersoon” in de taal van de klant."
    ),
    "the first day": "de eerste dag",
    "“until” the last day, or “until further notice”": (
        "„tot en met” de laatste dag, of „tot nader bericht”"
    ),
    "the contact line (phone or e-mail)": "de contactregel (telefoon of e-mail)",
    "the company name": "de bedrijfsnaam",
    "Placeholders: choose a field, then a button to insert it.": (
        "Invulwoorden: kies een veld en dan een knop om het in te voegen."
    ),
    "Write plain sentences. The e-mail's text and HTML are both made from these fields, so the "
    "preview is what the customer gets. “Until …” and the sentence about the employee (when "
    "the period allows it) are added for you.": (
        "Schrijf gewone zinnen. De tekst en de HTML van het bericht worden allebei uit deze "
        "velden gemaakt, dus het voorbeeld is wat de klant krijgt. „Tot en met …” en de zin "
        "over de medewerker (als de periode dat toestaat) worden voor u toegevoegd."
    ),
    "Preview with sample values": "Voorbeeld met voorbeeldgegevens",
    "The notice as sent": "Het bericht zoals verstuurd",
    "required": "verplicht",
    "must be one line": "moet op één regel",
    "longer than %(n)s characters": "langer dan %(n)s tekens",
    "unknown placeholder %(names)s; use %(allowed)s": (
        "onbekend invulwoord %(names)s; gebruik %(allowed)s"
    ),
    "a brace { or } only as part of a placeholder such as {customer_name}": (
        "een accolade { of } alleen als deel van een invulwoord zoals {customer_name}"
    ),
    "template_saved": "sjabloon opgeslagen",
    "template_activated": "sjabloon geactiveerd",
    # contact log (period page)
    "Contact log": "Contactlog",
    "Confidential: only team leads and admins see the contact log.": (
        "Vertrouwelijk: alleen teamleiders en beheerders zien de contactlog."
    ),
    "Entries go to the HR file in %(target)s.": (
        "Verslagen gaan naar het personeelsdossier in %(target)s."
    ),
    "No HR system is configured: entries are kept here only.": (
        "Er is geen HR-systeem ingesteld: verslagen blijven alleen hier."
    ),
    "Times are in %(tz)s.": "Tijden zijn in %(tz)s.",
    "New contact-log entry": "Nieuw contactverslag",
    "No contact-log entries for this period yet.": ("Nog geen contactverslagen voor deze periode."),
    "superseded": "vervangen",
    "automatic": "automatisch",
    "Corrected by:": "Verbeterd door:",
    "Corrects:": "Verbetert:",
    "the entry of %(when)s": "het verslag van %(when)s",
    "Author": "Auteur",
    "Contact": "Contact",
    "initiative: %(who)s": "initiatief: %(who)s",
    "Participants": "Deelnemers",
    "Topics": "Onderwerpen",
    "Summary": "Samenvatting",
    "Agreements": "Afspraken",
    "by %(date)s": "uiterlijk %(date)s",
    "The employee's view": "Standpunt van de medewerker",
    "Next contact": "Volgend contact",
    "May be told to colleagues": "Mag aan collega's verteld worden",
    "May be told to customers": "Mag aan klanten verteld worden",
    "HR sync": "Naar HR",
    "not sent (no HR system)": "niet verstuurd (geen HR-systeem)",
    "delivered": "afgeleverd",
    "at %(when)s": "op %(when)s",
    "dead-lettered": "opgegeven",
    "after %(n)s attempts": "na %(n)s pogingen",
    "Reason:": "Reden:",
    "Replay": "Opnieuw versturen",
    "the delivery to %(target)s": "de levering aan %(target)s",
    "pending": "in de wachtrij",
    "(%(n)s attempts so far; next try %(when)s)": (
        "(%(n)s pogingen tot nu toe; volgende poging %(when)s)"
    ),
    "Last error:": "Laatste fout:",
    "Correct this entry": "Dit verslag verbeteren",
    "(a new entry replaces it; this one stays, marked)": (
        "(een nieuw verslag vervangt het; dit blijft staan, gemarkeerd)"
    ),
    "Recorded %(when)s by %(who)s.": "Vastgelegd op %(when)s door %(who)s.",
    "The delivery to %(target)s is queued again.": (
        "De levering aan %(target)s staat weer in de wachtrij."
    ),
    # contact log (form)
    "Correct a contact-log entry": "Een contactverslag verbeteren",
    "The entry you correct stays in the log, marked as replaced by this one.": (
        "Het verslag dat u verbetert blijft in de log, gemarkeerd als vervangen door dit."
    ),
    "This entry was already corrected; a second correction is recorded as well.": (
        "Dit verslag is al verbeterd; een tweede verbetering wordt ook vastgelegd."
    ),
    "The contact": "Het contact",
    "Date and time of the contact": "Datum en tijd van het contact",
    "Your name": "Uw naam",
    "Your function": "Uw functie",
    "Channel": "Kanaal",
    "Initiative": "Initiatief",
    "Outcome": "Uitkomst",
    "Purpose": "Doel",
    "— choose —": "— kies —",
    "Tick who took part; a name is optional.": (
        "Vink aan wie meedeed; een naam is niet verplicht."
    ),
    "Name of the participant: %(role)s": "Naam van de deelnemer: %(role)s",
    "name (optional)": "naam (optioneel)",
    "No medical data: no diagnosis, symptoms, treatment or appointments — facts about work only.": (
        "Geen medische gegevens: geen diagnose, klachten, behandeling of afspraken — alleen "
        "feiten over het werk."
    ),
    "No customer data either: e-mail addresses and phone numbers are removed before saving.": (
        "Ook geen klantgegevens: e-mailadressen en telefoonnummers worden vóór het opslaan "
        "verwijderd."
    ),
    "Short and factual, at most %(n)s characters.": "Kort en feitelijk, hoogstens %(n)s tekens.",
    "What was agreed, who does it and by when. Leave a row empty if not needed.": (
        "Wat is afgesproken, wie het doet en wanneer. Laat een rij leeg als die niet nodig is."
    ),
    "Agreement %(n)s: %(what)s": "Afspraak %(n)s: %(what)s",
    "what": "wat",
    "who": "wie",
    "by when": "uiterlijk",
    "In the employee's own words": "In de woorden van de medewerker",
    "Next contact: date": "Volgend contact: datum",
    "Next contact: channel": "Volgend contact: kanaal",
    "Next contact: by whom": "Volgend contact: door wie",
    "What may be told": "Wat verteld mag worden",
    "Never a reason or a hint of one: customers only hear who helps them now.": (
        "Nooit een reden of een hint daarvan: klanten horen alleen wie hen nu helpt."
    ),
    "What may be told to colleagues": "Wat aan collega's verteld mag worden",
    "What may be told to customers": "Wat aan klanten verteld mag worden",
    "Check": "Controleren",
    "The lint's answer": "Uitkomst van de controle",
    "“Check” shows what saving would refuse or redact, without saving. Saving checks again.": (
        "„Controleren” toont wat bij opslaan geweigerd of weggelakt zou worden, zonder op te "
        "slaan. Opslaan controleert opnieuw."
    ),
    "Not checked yet.": "Nog niet gecontroleerd.",
    "Nothing would be refused.": "Niets zou geweigerd worden.",
    "Saving would be refused: remove the words named below.": (
        "Opslaan zou geweigerd worden: haal de genoemde woorden weg."
    ),
    "Customer data would be redacted; stored as:": (
        "Klantgegevens zouden weggelakt worden; opgeslagen als:"
    ),
    "Nothing would be redacted.": "Niets zou weggelakt worden.",
    "Enter a date and time, e.g. 2026-11-23 09:30.": (
        "Vul een datum en tijd in, bijvoorbeeld 2026-11-23 09:30."
    ),
    "The contact-log entry was saved.": "Het contactverslag is opgeslagen.",
    "Team lead": "Teamleider",
    # contact log (the domain's lists)
    "Phone": "Telefoon",
    "Video call": "Videogesprek",
    "In person": "Persoonlijk",
    "E-mail": "E-mail",
    "Letter": "Brief",
    "Chat": "Chat",
    "Home visit": "Huisbezoek",
    "Employer": "Werkgever",
    "Someone else": "Iemand anders",
    "Reached": "Bereikt",
    "No answer": "Geen gehoor",
    "Voicemail left": "Voicemail ingesproken",
    "Declined": "Afgeslagen",
    "Rescheduled": "Verzet",
    "Well-being check-in": "Hoe gaat het (welzijnsgesprek)",
    "Return planning": "Planning van de terugkeer",
    "Reassignment information": "Informatie over de herverdeling",
    "Plan evaluation": "Evaluatie van het plan",
    "Practical arrangement": "Praktische regeling",
    "Follow-up of agreements": "Opvolging van afspraken",
    "Other": "Anders",
    "Agrees": "Eens",
    "Disagrees": "Oneens",
    "Not discussed": "Niet besproken",
    "Manager": "Leidinggevende",
    "HR": "HR",
    "Colleague": "Collega",
    "Trusted person or works council": "Vertrouwenspersoon of ondernemingsraad",
    # the replacement check (issue 15)
    "Save even if the helpdesk says the replacement cannot take all of the employee's tickets": (
        "Toch opslaan, ook als de helpdesk zegt dat de vervanger niet alle tickets van de "
        "medewerker kan krijgen"
    ),
    "The helpdesk is asked first whether the replacement is an active agent with rights in "
    "the groups or queues of the employee's open tickets. What is missing is shown here; the "
    "period keeps the warning.": (
        "Eerst wordt de helpdesk gevraagd of de vervanger een actieve agent is met rechten in "
        "de groepen of wachtrijen van de open tickets van de medewerker. Wat ontbreekt staat "
        "hier; de periode houdt de waarschuwing."
    ),
    "Warnings": "Waarschuwingen",
}

# The privacy guard's refusals (category, rewrite) in nl, fr and de: connector/web/i18n_privacy.py.
MESSAGES = {
    "nl": {
        **NL,
        **PRIVACY_MESSAGES["nl"],
        **DAILY_WORD_MESSAGES["nl"],
        **CONTACT_PROCEDURE_MESSAGES["nl"],
    },
    "fr": {
        **PRIVACY_MESSAGES["fr"],
        **DAILY_WORD_MESSAGES["fr"],
        **CONTACT_PROCEDURE_MESSAGES["fr"],
    },
    "de": {
        **PRIVACY_MESSAGES["de"],
        **DAILY_WORD_MESSAGES["de"],
        **CONTACT_PROCEDURE_MESSAGES["de"],
    },
}


def translate(lang: str, message: str, **values: Any) -> str:
    text = MESSAGES.get(lang, {}).get(message, message)
    return text % values if values else text


def choose(cookie: str | None, accept_language: Any) -> str:
    """The cookie's language if valid, else the browser's best match, else English."""
    if cookie in LANGUAGES:
        return str(cookie)
    best = accept_language.best_match(LANGUAGES) if accept_language else None
    return str(best or "en")
