"""Swedish texts for the intranet's own msgids. Run after `makemessages -l sv`:

    python bin/sv_translations.py && python manage.py compilemessages -l sv

Kept as a table so that a changed English text shows up as a missing entry
(the script lists them) instead of silently losing its translation.
"""

import sys
from pathlib import Path

import polib

SV = {
    "The preview link has expired. Open the preview again from the admin.": "Länken till förhandsvisningen har gått ut. Öppna förhandsvisningen igen från redigeringsläget.",
    "The preview token is not valid.": "Förhandsvisningens nyckel är ogiltig.",
    "A preview token is required.": "En nyckel för förhandsvisning krävs.",
    "The preview has expired. Open the preview again from the admin.": "Förhandsvisningen har gått ut. Öppna förhandsvisningen igen från redigeringsläget.",
    "You may not preview this page.": "Du får inte förhandsvisa den här sidan.",
    "Invalid token.": "Ogiltig nyckel.",
    "Invalid or revoked token.": "Ogiltig eller återkallad nyckel.",
    "Intranet": "Intranätet",
    "External front end": "Extern webbplats",
    "name": "namn",
    "short code": "förkortning",
    "For example KLF.": "Till exempel KLF.",
    "slug": "slug",
    "department": "förvaltning",
    "departments": "förvaltningar",
    "user": "användare",
    "job title": "befattning",
    "phone": "telefon",
    "manager": "chef",
    "employee profile": "medarbetarprofil",
    "employee profiles": "medarbetarprofiler",
    "Organisation": "Organisation",
    "The page must have a content owner before it can be published.": "Sidan måste ha en innehållsansvarig innan den publiceras.",
    "The page must have a review date before it can be published.": "Sidan måste ha ett granskningsdatum innan den publiceras.",
    "content owner": "innehållsansvarig",
    "The manager or subject expert who answers for this page and reviews it.": "Den chef eller sakkunniga som ansvarar för sidan och granskar den.",
    "review date": "granskningsdatum",
    "When the owner must next check that the page is still correct.": "När den innehållsansvariga senast ska kontrollera att sidan fortfarande stämmer.",
    "last reviewed": "senast granskad",
    "last reviewed by": "senast granskad av",
    "%(name)s is no longer active and cannot own content. Choose another owner.": "%(name)s är inte längre aktiv och kan inte vara innehållsansvarig. Välj en annan ansvarig.",
    "The review date has already passed. Choose today or a later date.": "Granskningsdatumet har redan passerat. Välj dagens datum eller ett senare.",
    "The review date may be at most 24 months ahead (no later than %(date)s).": "Granskningsdatumet får ligga högst 24 månader fram i tiden (senast %(date)s).",
    "Mark as reviewed": "Markera som granskad",
    "Mark “%(title)s” as reviewed?": "Markera ”%(title)s” som granskad?",
    "You confirm that the page is still correct. The next review date becomes %(date)s. The page is not republished.": "Du bekräftar att sidan fortfarande stämmer. Nästa granskningsdatum blir %(date)s. Sidan publiceras inte om.",
    "Yes, mark as reviewed": "Ja, markera som granskad",
    "Cancel": "Avbryt",
    "Search term": "Sökord",
    "Choose a content owner": "Välj innehållsansvarig",
    "Choose another owner": "Välj en annan ansvarig",
    "“%(title)s” is marked as reviewed. Next review: %(date)s.": "”%(title)s” är markerad som granskad. Nästa granskning: %(date)s.",
    "Unknown department: %(value)s": "Okänd förvaltning: %(value)s",
    "scope must be “mine” or “all”.": "scope måste vara ”mine” eller ”all”.",
    "step": "steg",
    "what to do": "vad du gör",
    "Information": "Information",
    "Warning": "Varning",
    "kind": "typ",
    "text": "text",
    "notice": "meddelande",
    "link text": "länktext",
    "intranet page": "sida på intranätet",
    "or web address": "eller webbadress",
    "link": "länk",
    "Choose either an intranet page or a web address.": "Välj antingen en sida på intranätet eller en webbadress.",
    "steps": "steg för steg",
    "image": "bild",
    "document": "dokument",
    "Leave empty for content that concerns the whole municipality.": "Lämna tomt för innehåll som gäller hela kommunen.",
    "lead": "ingress",
    "One or two sentences that say what the page answers.": "En eller två meningar som säger vad sidan svarar på.",
    "body": "brödtext",
    "Ownership and review": "Ansvar och granskning",
    "Content": "Innehåll",
    "Promote": "Marknadsför",
    "Settings": "Inställningar",
    "introduction": "inledning",
    "home page": "startsida",
    "news index": "nyhetslista",
    "date": "datum",
    "news item": "nyhet",
    "news items": "nyheter",
    "guide index": "guidelista",
    "related links": "relaterade länkar",
    "documents": "dokument",
    "guide": "guide",
    "guides": "guider",
    "policy index": "lista med styrdokument",
    "decided by": "beslutad av",
    "For example Kommunfullmäktige.": "Till exempel Kommunfullmäktige.",
    "decision date": "beslutsdatum",
    "valid from": "gäller från",
    "valid to": "gäller till",
    "(optional) Leave empty if open-ended.": "(valfritt) Lämna tomt om den gäller tills vidare.",
    "Decision": "Beslut",
    "policy": "styrdokument",
    "policies": "styrdokument",
    "A policy cannot stop applying before it starts.": "Ett styrdokument kan inte sluta gälla innan det börjar gälla.",
    "info page": "informationssida",
    "info pages": "informationssidor",
    "superuser": "superanvändare",
    "group “%(group)s”: publish permission": "grupp ”%(group)s”: behörighet att publicera",
    "group “%(group)s”: approves in a workflow": "grupp ”%(group)s”: godkänner i ett arbetsflöde",
    "Who can publish?": "Vem kan publicera?",
    "Name": "Namn",
    "Username": "Användarnamn",
    "Email": "E-post",
    "Can publish through": "Kan publicera genom",
    "%(count)d person can publish": ["%(count)d person kan publicera", "%(count)d personer kan publicera"],
    "Log out": "Logga ut",
    "Related links": "Relaterade länkar",
    "Documents": "Dokument",
    "Nothing here yet.": "Här finns inget ännu.",
    "Previous": "Föregående",
    "Next": "Nästa",
    "Content owner": "Innehållsansvarig",
    "Review date": "Granskningsdatum",
    "Last reviewed": "Senast granskad",
    "Decided by %(by)s on %(date)s.": "Beslutad av %(by)s den %(date)s.",
    "Valid from %(start)s": "Gäller från %(start)s",
    "to %(end)s": "till %(end)s",
    "Log in": "Logga in",
    "Log in to the intranet": "Logga in på intranätet",
    "Your username and password didn't match. Please try again.": "Användarnamnet eller lösenordet stämmer inte. Försök igen.",
    "Search is not available right now. Try again in a few minutes.": "Sökningen är inte tillgänglig just nu. Försök igen om några minuter.",
    "Write what you are looking for (q).": "Skriv vad du söker efter (q).",
    "type must be one of: %(kinds)s": "type måste vara en av: %(kinds)s",
    "page must be a whole number from 1 to %(max)d": "page måste vara ett heltal från 1 till %(max)d",
    "words that mean the same": "ord som betyder samma sak",
    "Separate with commas, for example: elcykel, elektrisk cykel, e-cykel": "Skilj orden åt med kommatecken, till exempel: elcykel, elektrisk cykel, e-cykel",
    "synonym": "synonym",
    "synonyms": "synonymer",
    "Give at least two words, separated by commas.": "Ange minst två ord, åtskilda med kommatecken.",
    "text content": "textinnehåll",
    "search phrase": "sökfras",
    "What staff type, for example: tjänsteresa": "Det medarbetarna skriver, till exempel: tjänsteresa",
    "page": "sida",
    "shown from": "visas från",
    "shown until": "visas till och med",
    "(optional)": "(valfritt)",
    "promoted answer": "utvalt svar",
    "promoted answers": "utvalda svar",
    "The end date cannot be before the start date.": "Slutdatumet kan inte ligga före startdatumet.",
    "day": "dag",
    "query": "sökning",
    "searches": "sökningar",
    "searches without results": "sökningar utan träffar",
    "search count": "sökstatistik",
    "search counts": "sökstatistik",
    "Query": "Sökning",
    "Searches": "Sökningar",
    "Without results": "Utan träffar",
    "Searches without results": "Sökningar utan träffar",
    "Popular searches": "Populära sökningar",
    "Search": "Sök",
    "Search the intranet": "Sök på intranätet",
    "What are you looking for?": "Vad letar du efter?",
    "Did you mean": "Menade du",
    "%(counter)s result": ["%(counter)s träff", "%(counter)s träffar"],
    "Recommended": "Rekommenderas",
    "overdue for review": "granskning försenad",
    "Nothing matched. Try other words or fewer words.": "Inget matchade. Pröva andra ord eller färre ord.",
    "directory account": "katalogkonto",
    "directory accounts": "katalogkonton",
    "name in the directory": "namn i katalogen",
    "department name in the directory": "förvaltningsnamn i katalogen",
    "department names in the directory": "förvaltningsnamn i katalogen",
    "News": "Nyheter",
    "Guides": "Guider",
    "Policies": "Styrdokument",
}


def main():
    po_path = Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    missing = []
    for entry in po:
        translation = SV.get(entry.msgid)
        if translation is None:
            missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = dict(enumerate(translation))
        else:
            entry.msgstr = translation
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Language"] = "sv"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    for msgid in missing:
        print(f"missing Swedish text: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
