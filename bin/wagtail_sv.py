"""Swedish for the Wagtail admin texts that Wagtail's own Swedish catalogue lacks, and for those that name Wagtail.

Staff read the admin in Swedish (issue 12, point 3), but Wagtail 8's Swedish catalogue lacks about 200 of its
texts ("Exploring", the accessibility checker's findings, autosave, API tokens…) and names "Wagtail" in others.
This builds `wagtail_locale/sv/LC_MESSAGES/django.po` and `.mo` from the table below; `LOCALE_PATHS` lists it after
our own catalogue and before the apps', so it fills Wagtail's gaps without touching what Wagtail translates well.

    python bin/wagtail_sv.py           # rebuild after changing the table or upgrading Wagtail
    python bin/wagtail_sv.py --check   # list what Wagtail's Swedish still lacks (exit 1 if anything)

tests/test_translations.py fails when an upgrade of Wagtail brings a text that neither catalogue has.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "wagtail_locale" / "sv" / "LC_MESSAGES" / "django.po"

SV = {
    # Texts that name Wagtail: staff see the intranet, not the product it is built on.
    "Wagtail admin": "Redigeringsläget",
    "Can access Wagtail admin": "Kan komma åt redigeringsläget",
    "Go to Wagtail admin": "Gå till redigeringsläget",
    "Wagtail %(current_version)s editor guide": "Redaktörsguide",
    "Wagtail upgrade available": "Ny version av publiceringsverktyget finns",
    "Things in Wagtail %(version)s have changed!": "Redigeringsläget har ändrats (version %(version)s)!",
    'Don\'t worry, we\'ve got your back. Check out the <a class="w-whats-new__link" href="%(editor_guide_link)s" target="_blank" rel="noreferrer">Wagtail Editor Guide</a> to get the low down on what\'s changed and some exciting new features!': 'Läs i <a class="w-whats-new__link" href="%(editor_guide_link)s" target="_blank" rel="noreferrer">redaktörsguiden</a> vad som är nytt.',
    "Sign in to Wagtail": "Logga in",
    "The root level is where you can add new sites to your Wagtail installation. Pages created here will not be accessible at any URL until they are associated with a site.": "På rotnivån lägger du till nya webbplatser. Sidor som skapas här nås inte på någon adress förrän de kopplas till en webbplats.",
    'JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the <a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instructions how to enable JavaScript in your web browser</a>.': 'Redigeringsläget kräver JavaScript, som är avstängt i din webbläsare.<br /> Här finns <a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instruktioner för hur du slår på JavaScript</a>.',
    "View Wagtail quick actions": "Visa snabbåtgärder",
    "What's new in Wagtail %(version)s": "Nytt i version %(version)s",
    "Wagtail forms": "Formulär",
    "Wagtail redirects": "Omdirigeringar",
    "Wagtail search promotions": "Rekommenderade sökträffar",
    "Wagtail simple translation": "Översättning",
    "Wagtail style guide": "Stilguide",
    "Wagtail table block": "Tabellblock",
    "Wagtail documents": "Dokument",
    "Wagtail embeds": "Inbäddningar",
    "Wagtail images": "Bilder",
    "Wagtail API v2": "API v2",
    "Wagtail API v3": "API v3",
    "Wagtail core": "Kärna",
    "Wagtail frontend cache": "Cache för webbplatsen",
    "Wagtail routablepage": "Sidor med egna adresser",
    "Wagtail sitemaps": "Webbplatskartor",
    "Members of the chosen Wagtail Groups can approve this task": "Medlemmar i de valda grupperna kan godkänna uppgiften",
    "Wagtail locales": "Språk",
    "Wagtail search": "Sökning",
    "Wagtail sites": "Webbplatser",
    "Wagtail snippets": "Textsnuttar",
    "Wagtail users": "Användare",
    "Enable custom keyboard shortcuts specific to Wagtail.": "Aktivera redigeringslägets egna kortkommandon.",
    # Texts Wagtail's Swedish catalogue lacks.
    "any": "alla",
    'You do not have permission to publish pages at "%(page_title)s"': "Du har inte behörighet att publicera sidor under ”%(page_title)s”",
    "Actions (footer)": "Åtgärder (sidfot)",
    'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?': 'Det finns inga %(model_name)s att visa. <a href="%(add_url)s">Lägg till en</a>?',
    'The %(model_name)s "%(title)s" has been rejected during "%(task)s".': "%(model_name)s ”%(title)s” har fått begäran om ändringar i steget ”%(task)s”.",
    'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s".': "%(model_name)s ”%(title)s” har skickats för godkännande i granskningssteget ”%(task)s”.",
    'The %(model_name)s "%(title)s" has been submitted for approval to moderation stage "%(task)s".': "%(model_name)s ”%(title)s” har skickats för godkännande till granskningssteget ”%(task)s”.",
    'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s"': "%(model_name)s ”%(title)s” har skickats för godkännande i granskningssteget ”%(task)s”",
    'The %(model_name)s "%(title)s" has been approved in workflow "%(workflow)s".': "%(model_name)s ”%(title)s” har godkänts i arbetsflödet ”%(workflow)s”.",
    'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.': "%(rejector)s har begärt ändringar av %(model_name)s ”%(title)s” i steget ”%(task)s” i arbetsflödet ”%(workflow)s”.",
    'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".': "%(model_name)s ”%(title)s” har fått begäran om ändringar i steget ”%(task)s” i arbetsflödet ”%(workflow)s”.",
    'The %(model_name)s "%(title)s" has been rejected during "%(workflow)s".': "%(model_name)s ”%(title)s” har fått begäran om ändringar i ”%(workflow)s”.",
    'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.': "%(requester)s har skickat %(model_name)s ”%(title)s” för granskning i arbetsflödet ”%(workflow)s”.",
    'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s".': "%(model_name)s ”%(title)s” har skickats för granskning i arbetsflödet ”%(workflow)s”.",
    'The %(model_name)s "%(title)s" has been submitted to workflow "%(workflow)s"': "%(model_name)s ”%(title)s” har skickats till arbetsflödet ”%(workflow)s”",
    "Changing the privacy for this page has been disabled.": "Det går inte att ändra sekretessen för den här sidan.",
    "It will also delete 1 translation and its combined %(translation_descendant_count)s translated child page.": (
        "Det tar också bort 1 översättning och dess sammanlagt %(translation_descendant_count)s översatta undersida.",
        "Det tar också bort 1 översättning och dess sammanlagt %(translation_descendant_count)s översatta undersidor.",
    ),
    "It will also delete %(translation_count)s translations and their combined %(translation_descendant_count)s translated child page.": (
        "Det tar också bort %(translation_count)s översättningar och deras sammanlagt %(translation_descendant_count)s översatta undersida.",
        "Det tar också bort %(translation_count)s översättningar och deras sammanlagt %(translation_descendant_count)s översatta undersidor.",
    ),
    "Deleting this page will also delete 1 translation and its combined %(translation_descendant_count)s translated child page.": (
        "Om du tar bort sidan tas också 1 översättning bort och dess sammanlagt %(translation_descendant_count)s översatta undersida.",
        "Om du tar bort sidan tas också 1 översättning bort och dess sammanlagt %(translation_descendant_count)s översatta undersidor.",
    ),
    "Deleting this page will also delete %(translation_count)s translations and their combined %(translation_descendant_count)s translated child page.": (
        "Om du tar bort sidan tas också %(translation_count)s översättningar bort och deras sammanlagt %(translation_descendant_count)s översatta undersida.",
        "Om du tar bort sidan tas också %(translation_count)s översättningar bort och deras sammanlagt %(translation_descendant_count)s översatta undersidor.",
    ),
    "Deleting this page will also delete %(translation_count)s translation of this page.": (
        "Om du tar bort sidan tas också %(translation_count)s översättning av den bort.",
        "Det tar också bort %(descendant_count)s undersidor till. Om du tar bort sidan tas också %(translation_count)s översättningar av den bort.",
    ),
    "This will also move one translation of this page and its child pages": (
        "Det flyttar också en översättning av sidan och dess undersidor",
        "Det flyttar också %(translations_to_move_count)s översättningar av sidan och deras undersidor",
    ),
    "This will also unpublish one translation of the page.": (
        "Det avpublicerar också en översättning av sidan.",
        "Det avpublicerar också alla %(translation_count)s översättningar av sidan.",
    ),
    "This page has one subpage and its translations have a combined one translated child page. Unpublish these too": (
        "Sidan har en undersida och dess översättningar har sammanlagt en översatt undersida. Avpublicera även dem",
        "Sidan har %(live_descendant_count)s undersidor och dess översättningar har sammanlagt en översatt undersida. Avpublicera även dem",
    ),
    "This page has one child page and its translations have a combined %(translation_descendant_count)s translated child pages. Unpublish these too": (
        "Sidan har en undersida och dess översättningar har sammanlagt %(translation_descendant_count)s översatta undersidor. Avpublicera även dem",
        "Sidan har %(live_descendant_count)s undersidor och dess översättningar har sammanlagt %(translation_descendant_count)s översatta undersidor. Avpublicera även dem",
    ),
    "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site.": "%(start_index)s–%(end_index)s av %(items_count)s %(model_name)s på hela webbplatsen.",
    "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in '<span class=\"w-title-ellipsis\">%(title)s</span>'.": '%(start_index)s–%(end_index)s av %(items_count)s %(model_name)s i ”<span class="w-title-ellipsis">%(title)s</span>”.',
    "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s": "%(start_index)s–%(end_index)s av %(items_count)s %(model_name)s",
    "Choose when this %(model_name)s should go live and/or expire": "Välj när %(model_name)s ska publiceras och/eller avpubliceras",
    "Anyone with editing permissions can create schedules": "Alla som får redigera kan lägga in tidpunkter",
    "But only those with publishing permissions can make them effective.": "Men bara de som får publicera kan göra dem gällande.",
    "App": "App",
    "%(field_label)s:": "%(field_label)s:",
    "Saved": "Sparad",
    "Autosave is paused": "Automatisk sparning är pausad",
    "Edit account avatar": "Ändra profilbild",
    "This action will delete <b>%(total_pages_formatted)s</b> page in total.": (
        "Åtgärden tar bort sammanlagt <b>%(total_pages_formatted)s</b> sida.",
        "Åtgärden tar bort sammanlagt <b>%(total_pages_formatted)s</b> sidor.",
    ),
    "You saved a new version in another window": "Du har sparat en ny version i ett annat fönster",
    "System": "System",
    "%(user_name)s saved a new version": "%(user_name)s har sparat en ny version",
    "View latest version": "Visa senaste versionen",
    "%(user_name)s has unsaved changes": "%(user_name)s har ändringar som inte sparats",
    "Currently idle": "Inaktiv just nu",
    "Currently viewing": "Tittar just nu",
    "One other user is currently viewing": (
        "En annan användare tittar just nu",
        "%(num_user)s andra användare tittar just nu",
    ),
    "Proceeding will overwrite the changes you made in that window.": "Om du fortsätter skrivs ändringarna du gjorde i det fönstret över.",
    "Proceeding will overwrite the changes made by %(user_name)s.": "Om du fortsätter skrivs ändringarna som %(user_name)s gjorde över.",
    "Alternatively, you can view the latest version in a new tab.": "Du kan också visa den senaste versionen i en ny flik.",
    "A network error occurred": "Ett nätverksfel inträffade",
    "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version.": "Kontrollera din anslutning innan du fortsätter. Öppna redigeraren i en ny flik för att se den senast sparade versionen.",
    "account": "konto",
    "Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them.": "Kortkommandon är avstängda; slå på dem i ditt %(account_link)s.",
    "Minimap": "Översikt",
    "Side panels": "Sidopaneler",
    "Side panel width": "Sidopanelens bredd",
    "Show issue": "Visa problemet",
    "Expiry:": "Avpubliceras:",
    "To be created by %(user)s": "Skapas av %(user)s",
    "Invalid schedule": "Ogiltig tidpunkt",
    "Go-live:": "Publiceras:",
    "Once scheduled:": "När tidpunkten är lagd:",
    "Refreshing…": "Uppdaterar…",
    "Refresh": "Uppdatera",
    "Autosave is <span>paused</span>": "Automatisk sparning är <span>pausad</span>",
    "One or more references to this %(model_name)s prevent it from being deleted.": "En eller flera hänvisningar till %(model_name)s hindrar att den tas bort.",
    "Disable custom ordering": "Stäng av egen ordning",
    "Enable custom ordering": "Slå på egen ordning",
    "This workflow is disabled so it cannot be assigned to any snippets.": "Arbetsflödet är avstängt och kan inte kopplas till några textsnuttar.",
    "1 snippet type": ("1 typ av textsnutt", "%(counter)s typer av textsnuttar"),
    'Why not <a class="create-one-now" href="#tab-new" data-action="w-tabs#select:prevent" data-w-tabs-target="trigger" data-w-tabs-focus-param="true">create one now</a>?': '<a class="create-one-now" href="#tab-new" data-action="w-tabs#select:prevent" data-w-tabs-target="trigger" data-w-tabs-focus-param="true">Skapa en nu</a>?',
    "Cancelled by %(cancelled_by)s": "Avbruten av %(cancelled_by)s",
    "Changes requested %(finished_at)s": "Ändringar begärda %(finished_at)s",
    "'%(page_title)s' has been moved successfully.": "”%(page_title)s” har flyttats.",
    "Focus on the drag button and press up or down arrows to move the item, then press enter to submit the change.": "Flytta fokus till dragknappen och flytta raden med pil upp eller pil ned; tryck Enter för att spara ändringen.",
    "Button text is empty": "Knappen saknar text",
    "Use meaningful text for screen reader users": "Skriv en text som säger något för den som använder skärmläsare",
    "Empty heading found": "Tom rubrik",
    "Table header text is empty": "Tabellrubriken saknar text",
    "Empty frame title found": "En ram saknar titel",
    "Use a meaningful title for screen reader users": "Ge en titel som säger något för den som använder skärmläsare",
    "Incorrect heading hierarchy": "Rubriknivåerna kommer i fel ordning",
    "Avoid skipping levels": "Hoppa inte över någon nivå",
    "Input button text is empty": "Knappen saknar text",
    "Link text is empty": "Länken saknar text",
    "Misusing paragraphs as headings": "Stycken används som rubriker",
    "Use proper heading tags": "Använd rubriknivåerna",
    "Image alt text has inappropriate pattern": "Bildens alternativtext ser inte ut som en beskrivning",
    "Use meaningful text": "Skriv en text som säger något",
    "Meta description is empty": "Sidans beskrivning är tom",
    "Add a concise description for search engines": "Lägg till en kort beskrivning för sökningen",
    "%(classname)s object (%(id)s)": "%(classname)s (%(id)s)",
    "There are no %(model_name)s to display.": "Det finns inga %(model_name)s att visa.",
    "%(model_name)s '%(object)s' has been scheduled for publishing.": "%(model_name)s ”%(object)s” publiceras vid den valda tidpunkten.",
    "%(model_name)s '%(object)s' created and scheduled for publishing.": "%(model_name)s ”%(object)s” har skapats och publiceras vid den valda tidpunkten.",
    "%(model_name)s '%(object)s' is live and this version has been scheduled for publishing.": "%(model_name)s ”%(object)s” är publicerad och den här versionen publiceras vid den valda tidpunkten.",
    "%(model_name)s '%(object)s' updated and published.": "%(model_name)s ”%(object)s” har uppdaterats och publicerats.",
    "%(model_name)s '%(object)s' created and published.": "%(model_name)s ”%(object)s” har skapats och publicerats.",
    "%(model_name)s '%(object)s' has been submitted for moderation.": "%(model_name)s ”%(object)s” har skickats för granskning.",
    "%(model_name)s '%(object)s' created and submitted for moderation.": "%(model_name)s ”%(object)s” har skapats och skickats för granskning.",
    "Workflow on %(model_name)s '%(object)s' has been cancelled.": "Arbetsflödet för %(model_name)s ”%(object)s” har avbrutits.",
    "Saving will overwrite a newer version.": "Om du sparar skrivs en nyare version över.",
    "The %(model_name)s could not be saved as it is locked": "%(model_name)s kunde inte sparas eftersom den är låst",
    "You are viewing a previous version of this %(model_name)s from <b>%(created_at)s</b> by %(user)s": "Du ser en tidigare version av %(model_name)s från <b>%(created_at)s</b> av %(user)s",
    "%(model_name)s '%(object)s' has been replaced with version from %(timestamp)s.": "%(model_name)s ”%(object)s” har ersatts med versionen från %(timestamp)s.",
    "%(related_model_name)s %(field_label)s": "%(related_model_name)s %(field_label)s",
    "Sort item order": "Sortera ordningen",
    "There are validation errors, click save to highlight them.": "Det finns fel i formuläret; klicka på Spara för att se dem.",
    "Compare": "Jämför",
    "Preview for %(block_label)s (%(block_type)s)": "Förhandsvisning av %(block_label)s (%(block_type)s)",
    "The %(model_name)s '%(title)s' is not currently awaiting moderation.": "%(model_name)s ”%(title)s” väntar inte på granskning.",
    "The %(model_name)s '%(title)s' is not currently awaiting moderation in task '%(task_name)s'.": "%(model_name)s ”%(title)s” väntar inte på granskning i steget ”%(task_name)s”.",
    "Privacy is inherited from the ancestor page - %(ancestor_page)s": "Sekretessen ärvs från sidan ovanför – %(ancestor_page)s",
    "%(parent_pages)s and %(child_pages)s have been deleted": "%(parent_pages)s och %(child_pages)s har tagits bort",
    "%(num_parent_objects)d page has been deleted": (
        "%(num_parent_objects)d sida har tagits bort",
        "%(num_parent_objects)d sidor har tagits bort",
    ),
    "%(num_parent_objects)d page": ("%(num_parent_objects)d sida", "%(num_parent_objects)d sidor"),
    "%(num_child_objects)d child page": ("%(num_child_objects)d undersida", "%(num_child_objects)d undersidor"),
    "%(parent_pages)s and %(child_pages)s have been published": "%(parent_pages)s och %(child_pages)s har publicerats",
    "%(num_parent_objects)d page has been published": (
        "%(num_parent_objects)d sida har publicerats",
        "%(num_parent_objects)d sidor har publicerats",
    ),
    "%(parent_pages)s and %(child_pages)s have been unpublished": "%(parent_pages)s och %(child_pages)s har avpublicerats",
    "%(num_parent_objects)d page has been unpublished": (
        "%(num_parent_objects)d sida har avpublicerats",
        "%(num_parent_objects)d sidor har avpublicerats",
    ),
    "Create a new %(model_name)s": "Skapa %(model_name)s",
    "Request to create %(model_name)s was blocked by hook.": "Det gick inte att skapa %(model_name)s: en regel i intranätet stoppade det.",
    "Request to edit %(model_name)s was blocked by hook.": "Det gick inte att ändra %(model_name)s: en regel i intranätet stoppade det.",
    "The page could not be saved as it is locked.": "Sidan kunde inte sparas eftersom den är låst.",
    "Date updated": "Uppdaterad",
    "Any": "Alla",
    "Exploring": "Utforskar",
    "The slug '%(page_slug)s' is already in use at the selected parent page. Make sure the slug is unique and try again.": "Kortnamnet ”%(page_slug)s” används redan under den valda sidan. Välj ett annat och försök igen.",
    "Placeholder title": "Tillfällig rubrik",
    "Locked by": "Låst av",
    "Anyone": "Vem som helst",
    "Page/Snippet Type": "Typ av sida eller textsnutt",
    "This workflow is in progress on %(states_in_progress)d page/snippet. Disabling this workflow will cancel moderation on this page/snippet.": (
        "Arbetsflödet pågår för %(states_in_progress)d sida eller textsnutt. Om du stänger av arbetsflödet avbryts granskningen av den.",
        "Arbetsflödet pågår för %(states_in_progress)d sidor eller textsnuttar. Om du stänger av arbetsflödet avbryts granskningen av dem.",
    ),
    "This task is in progress on %(states_in_progress)d page/snippet. Disabling this task will cause it to be skipped in the moderation workflow and not be listed for selection when editing a workflow.": (
        "Uppgiften pågår för %(states_in_progress)d sida eller textsnutt. Om du stänger av uppgiften hoppas den över i arbetsflödet och går inte att välja när ett arbetsflöde redigeras.",
        "Uppgiften pågår för %(states_in_progress)d sidor eller textsnuttar. Om du stänger av uppgiften hoppas den över i arbetsflödet och går inte att välja när ett arbetsflöde redigeras.",
    ),
    "The name '%(duplicate_clean_name)s' is already assigned to this field and cannot be changed. Please enter a different label for the conflicting field.": "Namnet ”%(duplicate_clean_name)s” hör redan till det här fältet och kan inte ändras. Ge det andra fältet en annan etikett.",
    "Field name '%(duplicate_clean_name)s' conflicts with another field. Please change the label.": "Fältnamnet ”%(duplicate_clean_name)s” krockar med ett annat fält. Ändra etiketten.",
    "You must enter an external link text if you enter an external link URL.": "Skriv en länktext när du anger en extern länk.",
    "You must recommend a page OR an external link.": "Rekommendera en sida ELLER en extern länk.",
    "Please only select a page OR enter an external link.": "Välj antingen en sida ELLER en extern länk.",
    "query": "sökfras",
    "queries": "sökfraser",
    "Choose an internal page for this promotion": "Välj en sida på intranätet att rekommendera",
    "Alternatively, use an external link for this promotion": "Eller rekommendera en extern länk",
    "Applies to internal page or external link": "Gäller sidan på intranätet eller den externa länken",
    '<p>Promoted search results are a means of recommending specific pages or external links that might not organically come high up in search results. E.g recommending your primary donation page to a user searching with the less common term "<em>giving</em>".</p>': "<p>Med rekommenderade sökträffar lyfter du fram sidor eller externa länkar som annars inte skulle hamna högt bland träffarna, till exempel guiden för ledighetsansökan för den som söker på ”<em>semester</em>”.</p>",
    "Recommended search result": "Rekommenderad sökträff",
    "Add a recommended result": "Lägg till en rekommenderad träff",
    "No promoted results have been created.": "Inga rekommenderade sökträffar har skapats.",
    "Views": "Visningar",
    "Search terms": "Sökfraser",
    "Recommendations have not been created due to errors.": "Rekommendationerna skapades inte på grund av fel.",
    "Recommendations have not been saved due to errors.": "Rekommendationerna sparades inte på grund av fel.",
    "%(model)s permissions": "Behörigheter för %(model)s",
    "Can submit translations": "Kan skicka in översättningar",
    "Table headers": "Tabellrubriker",
    "Display the first row as a header": "Visa första raden som rubrik",
    "Display the first column as a header": "Visa första kolumnen som rubrik",
    "Display the first row AND first column as headers": "Visa första raden OCH första kolumnen som rubriker",
    "No headers": "Inga rubriker",
    "Which cells should be displayed as headers?": "Vilka celler ska visas som rubriker?",
    "A heading that identifies the overall topic of the table, and is useful for screen reader users.": "En rubrik som säger vad tabellen handlar om; till hjälp för den som använder skärmläsare.",
    "Select a header option": "Välj rubriker",
    "Caption": "Tabellrubrik",
    "Maximum filesize: %(max_upload_size)s.": "Största filstorlek: %(max_upload_size)s.",
    "unknown number": "okänt antal",
    "The filter options you have selected are not valid.": "De filter du har valt är ogiltiga.",
    "- Select an option -": "– Välj –",
    "A human-readable label to identify this token.": "Ett namn som visar vad nyckeln används till.",
    "created": "skapad",
    "revoked at": "återkallad",
    "last used at": "senast använd",
    "API token": "API-nyckel",
    "API tokens": "API-nycklar",
    "Cannot overwrite a revision that is not the latest for this %(model_name)s.": "Det går inte att skriva över en version som inte är den senaste av %(model_name)s.",
    "Cannot overwrite a revision that was not created by the current user.": "Det går inte att skriva över en version som någon annan har skapat.",
    "will be set to the default %(model_name)s": "sätts till standardvärdet för %(model_name)s",
    "will do nothing": "påverkas inte",
    "may prevent deletion": "kan hindra borttagningen",
    "will be set to a %(model_name)s specified by the system": "sätts till %(model_name)s som systemet väljer",
    "will unset the reference": "tar bort hänvisningen",
    "group site permission": "gruppens behörighet för webbplatsen",
    "group site permissions": "gruppers behörigheter för webbplatser",
    "There may only be one in progress or needs changes workflow state per page/snippet.": "En sida eller textsnutt kan bara ha ett pågående arbetsflöde åt gången.",
    "Create API token": "Skapa API-nyckel",
    "API token created": "API-nyckeln har skapats",
    "Revoke API token": "Återkalla API-nyckel",
    "API token revoked": "API-nyckeln har återkallats",
    "%(model_name)s scheduled for publishing at %(go_live_at)s": "%(model_name)s publiceras %(go_live_at)s",
    "%(model_name)s scheduled for publishing": "%(model_name)s har en tidpunkt för publicering",
    "%(model_name)s unscheduled for publishing at %(go_live_at)s": "Publiceringen av %(model_name)s %(go_live_at)s har tagits bort",
    "%(model_name)s unscheduled from publishing": "Tidpunkten för publicering av %(model_name)s har tagits bort",
    "Removed the '%(restriction)s' view restriction. The page is public.": "Begränsningen ”%(restriction)s” har tagits bort. Sidan är öppen för alla inloggade.",
    "%(num_pages)d pages and %(num_others)d others": "%(num_pages)d sidor och %(num_others)d andra",
    "%(num_pages)d page": ("%(num_pages)d sida", "%(num_pages)d sidor"),
    "Yes, revoke": "Ja, återkalla",
    "No, don't revoke": "Nej, återkalla inte",
    'The token "%(name)s" has been created, copy it now, it will never be shown again.': "Nyckeln ”%(name)s” har skapats. Kopiera den nu; den visas aldrig igen.",
    "Copy token": "Kopiera nyckeln",
    "Back to API tokens": "Tillbaka till API-nycklarna",
    "Copying failed — please select and copy the token manually.": "Kopieringen misslyckades – markera och kopiera nyckeln själv.",
    "Revoked": "Återkallad",
    "Last used": "Senast använd",
    "Token": "Nyckel",
    "Revoke": "Återkalla",
    "Never": "Aldrig",
    "Are you sure you want to revoke this API token?": "Vill du återkalla API-nyckeln?",
    "API token '%(name)s' revoked.": "API-nyckeln ”%(name)s” har återkallats.",
}


def wagtail_catalogues(language):
    import wagtail

    base = Path(wagtail.__file__).parent
    return sorted(base.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))


def lacking():
    """Wagtail's msgids (from its English catalogues) that its Swedish lacks or that name Wagtail in Swedish."""
    translated, naming_wagtail = set(), set()
    for path in wagtail_catalogues("sv"):
        for entry in polib.pofile(str(path)):
            if entry.translated():
                translated.add(entry.msgid)
                if "Wagtail" in entry.msgstr or any("Wagtail" in text for text in entry.msgstr_plural.values()):
                    naming_wagtail.add(entry.msgid)
    entries = {}
    for path in wagtail_catalogues("en"):
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and (entry.msgid not in translated or entry.msgid in naming_wagtail):
                entries.setdefault(entry.msgid, entry)
    return entries


def build():
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "intranet-wagtail-sv",
        "Language": "sv",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    needed = lacking()
    missing = []
    for msgid, source in needed.items():
        translation = SV.get(msgid)
        if translation is None:
            missing.append(msgid)
            continue
        entry = polib.POEntry(msgid=msgid, msgctxt=source.msgctxt, flags=list(source.flags))
        if source.msgid_plural:
            entry.msgid_plural = source.msgid_plural
            entry.msgstr_plural = dict(enumerate(translation))
        else:
            entry.msgstr = translation
        po.append(entry)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(OUTPUT))
    po.save_as_mofile(str(OUTPUT.with_suffix(".mo")))
    return missing


def main(argv):
    missing = [msgid for msgid in lacking() if msgid not in SV] if "--check" in argv else build()
    for msgid in missing:
        print(f"missing Swedish text for Wagtail: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
