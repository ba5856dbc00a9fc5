"""The daily word's texts in nl, fr and de (issue 21, item 3); English is the key. Merged into
the catalogue in ``connector/web/i18n.py`` (``MESSAGES``), as the privacy guard's texts are.
``translator(lang)`` gives the function ``connector.domain.daily_word`` takes."""

from __future__ import annotations

from collections.abc import Callable

from connector.domain.contact_procedure_messages import MESSAGES as CONTACT_PROCEDURE

HELD_BACK = (
    "Today's daily word to the replacement was not sent: the privacy guard refused its text. "
    "Please look at the period's tickets."
)

MESSAGES: dict[str, dict[str, str]] = {
    "nl": {
        "Event #%(id)s": "Gebeurtenis #%(id)s",
        "Stand-in: a daily word was held back": "Stand-in: een dagbericht is tegengehouden",
        HELD_BACK: (
            "Het dagbericht van vandaag aan de vervanger is niet verstuurd: de "
            "privacycontrole weigerde de tekst. Kijk a.u.b. naar de tickets van de periode."
        ),
        "Ticket #%(id)s": "Ticket #%(id)s",
        "Tickets you took over since yesterday": "Tickets die u sinds gisteren hebt overgenomen",
        "Customers told since yesterday": "Klanten die sinds gisteren zijn ingelicht",
        "Nothing new since yesterday.": "Niets nieuws sinds gisteren.",
        "Good morning %(name)s,": "Goedemorgen %(name)s,",
        "Good morning,": "Goedemorgen,",
        "Stand-in: your daily word of %(date)s": "Stand-in: uw dagbericht van %(date)s",
        "The period has not started yet.": "De periode is nog niet begonnen.",
        "The period is running.": "De periode loopt.",
        "The period has ended.": "De periode is afgelopen.",
        "%(replacement)s stands in for %(employee)s from %(start)s up to and including %(end)s.": (
            "%(replacement)s neemt het werk van %(employee)s over van %(start)s tot en met %(end)s."
        ),
        "%(replacement)s stands in for %(employee)s from %(start)s until further notice.": (
            "%(replacement)s neemt het werk van %(employee)s over vanaf %(start)s, "
            "tot nader bericht."
        ),
        "Tickets moved so far: %(count)s": "Tickets tot nu toe verplaatst: %(count)s",
        "Tickets moved since yesterday: %(count)s": "Tickets sinds gisteren verplaatst: %(count)s",
        "State of the period": "Stand van de periode",
        "Tickets that could not be moved": "Tickets die niet verplaatst konden worden",
        "Dead letters": "Onbestelbare taken",
        "Phase %(number)s starts on %(date)s": "Fase %(number)s begint op %(date)s",
        "Coming up": "Binnenkort",
        "Stand-in: the state of %(employee)s's period on %(date)s": (
            "Stand-in: de stand van de periode van %(employee)s op %(date)s"
        ),
    },
    "fr": {
        "Event #%(id)s": "Événement n° %(id)s",
        "Stand-in: a daily word was held back": "Stand-in : un message du jour a été retenu",
        HELD_BACK: (
            "Le message du jour au remplaçant n'a pas été envoyé : le contrôle de "
            "confidentialité a refusé son texte. Veuillez regarder les tickets de la période."
        ),
        "Ticket #%(id)s": "Ticket n° %(id)s",
        "Tickets you took over since yesterday": "Tickets que vous avez repris depuis hier",
        "Customers told since yesterday": "Clients informés depuis hier",
        "Nothing new since yesterday.": "Rien de nouveau depuis hier.",
        "Good morning %(name)s,": "Bonjour %(name)s,",
        "Good morning,": "Bonjour,",
        "Stand-in: your daily word of %(date)s": "Stand-in : votre message du %(date)s",
        "The period has not started yet.": "La période n'a pas encore commencé.",
        "The period is running.": "La période est en cours.",
        "The period has ended.": "La période est terminée.",
        "%(replacement)s stands in for %(employee)s from %(start)s up to and including %(end)s.": (
            "%(replacement)s remplace %(employee)s du %(start)s au %(end)s."
        ),
        "%(replacement)s stands in for %(employee)s from %(start)s until further notice.": (
            "%(replacement)s remplace %(employee)s à partir du %(start)s, jusqu'à nouvel ordre."
        ),
        "Tickets moved so far: %(count)s": "Tickets déplacés jusqu'ici : %(count)s",
        "Tickets moved since yesterday: %(count)s": "Tickets déplacés depuis hier : %(count)s",
        "State of the period": "État de la période",
        "Tickets that could not be moved": "Tickets qui n'ont pas pu être déplacés",
        "Dead letters": "Tâches en échec",
        "Phase %(number)s starts on %(date)s": "La phase %(number)s commence le %(date)s",
        "Coming up": "À venir",
        "Stand-in: the state of %(employee)s's period on %(date)s": (
            "Stand-in : état de la période de %(employee)s le %(date)s"
        ),
    },
    "de": {
        "Event #%(id)s": "Ereignis Nr. %(id)s",
        "Stand-in: a daily word was held back": (
            "Stand-in: eine Tagesnachricht wurde zurückgehalten"
        ),
        HELD_BACK: (
            "Die heutige Tagesnachricht an die Vertretung wurde nicht gesendet: die "
            "Datenschutzprüfung hat ihren Text abgelehnt. Bitte sehen Sie sich die Tickets "
            "des Zeitraums an."
        ),
        "Ticket #%(id)s": "Ticket Nr. %(id)s",
        "Tickets you took over since yesterday": "Seit gestern von Ihnen übernommene Tickets",
        "Customers told since yesterday": "Seit gestern informierte Kunden",
        "Nothing new since yesterday.": "Seit gestern nichts Neues.",
        "Good morning %(name)s,": "Guten Morgen %(name)s,",
        "Good morning,": "Guten Morgen,",
        "Stand-in: your daily word of %(date)s": "Stand-in: Ihre Tagesnachricht vom %(date)s",
        "The period has not started yet.": "Der Zeitraum hat noch nicht begonnen.",
        "The period is running.": "Der Zeitraum läuft.",
        "The period has ended.": "Der Zeitraum ist beendet.",
        "%(replacement)s stands in for %(employee)s from %(start)s up to and including %(end)s.": (
            "%(replacement)s übernimmt die Arbeit von %(employee)s vom %(start)s "
            "bis einschließlich %(end)s."
        ),
        "%(replacement)s stands in for %(employee)s from %(start)s until further notice.": (
            "%(replacement)s übernimmt die Arbeit von %(employee)s ab dem %(start)s, "
            "bis auf Weiteres."
        ),
        "Tickets moved so far: %(count)s": "Bisher verschobene Tickets: %(count)s",
        "Tickets moved since yesterday: %(count)s": "Seit gestern verschobene Tickets: %(count)s",
        "State of the period": "Stand des Zeitraums",
        "Tickets that could not be moved": "Tickets, die nicht verschoben werden konnten",
        "Dead letters": "Fehlgeschlagene Aufgaben",
        "Phase %(number)s starts on %(date)s": "Phase %(number)s beginnt am %(date)s",
        "Coming up": "Demnächst",
        "Stand-in: the state of %(employee)s's period on %(date)s": (
            "Stand-in: Stand des Zeitraums von %(employee)s am %(date)s"
        ),
    },
}


def translator(lang: str) -> Callable[[str], str]:
    """The English text's translation in ``lang`` (the text itself when there is none)."""
    catalogue = {**MESSAGES.get(lang, {}), **CONTACT_PROCEDURE.get(lang, {})}
    return lambda message: catalogue.get(message, message)
