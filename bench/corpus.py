"""Real-looking Swedish intranet pages for benchmarks, generated from templates.

Each topic (HR, IT, travel, procurement, safety, school, care) has titles, leads and body
sentences of the kind a municipality's intranet holds, with slots for departments, places,
amounts and dates. A page takes one topic, a title and lead from it, and a body of several of
its sentences plus a few that any page might have, so words keep the topical company they keep
in real pages instead of being drawn from one bag. Every benchmark query is written to have
answers here; the benchmark checks that each one finds some.
"""

import datetime

from intranet.demo.content import DEPARTMENTS

PLACES = [
    "Stadshuset",
    "Kommunhuset plan 3",
    "Medborgarhuset",
    "Norrby skola",
    "Ängsgårdens äldreboende",
    "Tekniska kontoret",
    "Stadsbiblioteket",
    "Södra vårdcentralen",
]
PHONE_NUMBERS = ["0123-456 00", "0123-456 10", "0123-456 20", "0123-456 30"]
AMOUNTS = ["2 500", "3 000", "5 000", "100 000", "700 000"]
QUALIFIERS = ["", "", "", " för chefer", " för nyanställda", ": frågor och svar", " 2026", " i korthet"]

TOPICS = {
    "hr": {
        "titles": [
            "Ansöka om semester",
            "Rapportera sjukfrånvaro",
            "Friskvårdsbidrag",
            "Registrera övertid och mertid",
            "Föräldraledighet och tjänstledighet",
            "Lönerevision",
            "Rehabilitering efter sjukskrivning",
        ],
        "leads": [
            "Så ansöker du om semester och annan ledighet.",
            "Så anmäler du sjukfrånvaro och vad som gäller från första dagen.",
            "Vad friskvårdsbidraget räcker till och hur du får det utbetalt.",
            "Vad som gäller för lön, ledighet och anställning på {department}.",
        ],
        "sentences": [
            "Semester ansöker du om i självserviceportalen senast den 31 mars.",
            "Din chef godkänner semesteransökan och du får besked via e-post.",
            "Sjukfrånvaro anmäler du till din chef före klockan nio den första dagen.",
            "Från dag åtta behöver du ett läkarintyg som styrker sjukfrånvaron.",
            "Friskvårdsbidraget är {amount} kronor per år och betalas ut mot kvitto.",
            "Du kan använda friskvårdsbidraget till gym, simhall, massage och motionslopp.",
            "Övertid ska vara beordrad av chef i förväg och registreras samma månad.",
            "Kontakta HR-avdelningen på {department} om du har frågor om lön eller anställning.",
            "Lönen betalas ut den 25:e varje månad.",
            "Ledighet för vård av barn anmäler du i självservice samma dag.",
            "Semesterdagar som inte tas ut sparas enligt avtal, högst fem dagar per år.",
        ],
    },
    "it": {
        "titles": [
            "Beställa ny dator",
            "Ansluta till VPN hemifrån",
            "Byta lösenord",
            "Få hjälp av IT-servicedesk",
            "Mobiltelefon i tjänsten",
            "Skriva ut och skanna",
        ],
        "leads": [
            "Så beställer du dator, mobiltelefon och tillbehör.",
            "Så arbetar du säkert hemifrån och på resande fot.",
            "Vart du vänder dig när tekniken krånglar.",
        ],
        "sentences": [
            "Behöver du en ny dator beställer du den i IT-portalen efter samtal med din chef.",
            "En ny dator levereras med kommunens standardprogram installerade.",
            "För att arbeta hemifrån ansluter du till VPN med din e-legitimation.",
            "VPN-klienten startar automatiskt när du loggar in hemifrån.",
            "IT-servicedesk svarar på telefon {phone} vardagar klockan 7–17.",
            "Lösenordet byter du var 90:e dag; det ska ha minst tolv tecken.",
            "Mobiltelefon och abonnemang beställs av chefen via IT-portalen.",
            "Skrivarna i {place} skriver ut först när du blippar ditt passerkort.",
            "Rapportera borttappad dator eller mobiltelefon till IT-servicedesk direkt.",
        ],
    },
    "travel": {
        "titles": [
            "Beställa tjänsteresa",
            "Resepolicy",
            "Boka elcykel",
            "Boka tjänstebil",
            "Reseräkning och traktamente",
        ],
        "leads": [
            "Så bokar du en tjänsteresa och vad som gäller under resan.",
            "Resor i tjänsten ska vara säkra, miljövänliga och kostnadseffektiva.",
            "Elcyklar och tjänstebilar för korta resor i tjänsten.",
        ],
        "sentences": [
            "En tjänsteresa bokas via kommunens resebyrå senast två veckor före avresa.",
            "Välj tåg framför flyg när restiden med tåg är under fem timmar.",
            "Elcykel bokar du i bokningssystemet; cyklarna står i garaget vid {place}.",
            "Elcykeln ska laddas efter användning och låsas i cykelrummet.",
            "Tjänstebil bokas i bokningssystemet och nyckeln hämtas i receptionen i {place}.",
            "Reseräkning lämnar du i självservice inom en månad efter tjänsteresan.",
            "Traktamente betalas enligt Skatteverkets regler för tjänsteresor med övernattning.",
            "Resor i tjänsten med egen bil ersätts med milersättning.",
        ],
    },
    "procurement": {
        "titles": [
            "Inköpsregler",
            "Göra en direktupphandling",
            "Attestera fakturor",
            "Beställa i e-handeln",
            "Avtal och ramavtal",
        ],
        "leads": [
            "Kommunens regler för inköp av varor och tjänster.",
            "Så hanterar du fakturor, attest och beställningar.",
            "När du får köpa direkt och när du måste upphandla.",
        ],
        "sentences": [
            "Kommunens regler för inköp gäller alla anställda som köper varor eller tjänster.",
            "Innan du gör ett inköp kontrollerar du om det finns ett ramavtal.",
            "Direktupphandling får göras upp till {amount} kronor och ska dokumenteras.",
            "Fakturan attesteras av den som har beslutsrätt för kostnadsstället.",
            "En faktura ska granskas och attesteras inom tio dagar.",
            "Beställningar görs i e-handelssystemet så att fakturan kan matchas automatiskt.",
            "Upphandlingsenheten på {department} hjälper dig med annonsering och avtal.",
            "Inköp från leverantör utan avtal kräver godkännande av ekonomichefen.",
        ],
    },
    "safety": {
        "titles": [
            "Beställa passerkort",
            "Rapportera tillbud och arbetsskada",
            "Brandskydd på arbetsplatsen",
            "Krisberedskap",
            "Hot och våld i arbetet",
        ],
        "leads": [
            "Så håller vi arbetsplatsen säker för medarbetare och besökare.",
            "Vad du gör när något har hänt eller nästan hände.",
            "Passerkort, larm och brandskydd i kommunens lokaler.",
        ],
        "sentences": [
            "Passerkort beställer din chef hos säkerhetsenheten; kortet hämtas i receptionen.",
            "Ett borttappat passerkort spärrar du omedelbart genom att ringa {phone}.",
            "Tillbud och arbetsskador rapporterar du i incidentsystemet samma dag.",
            "Brandövning genomförs två gånger per år på alla arbetsplatser.",
            "Utrymningsvägarna ska alltid vara fria och väl skyltade.",
            "Vid hot eller våld larmar du 112 och informerar sedan din chef.",
            "Skyddsombudet deltar i riskbedömningen av arbetsmiljön.",
            "Första hjälpen-utrustning och hjärtstartare finns vid entrén till {place}.",
        ],
    },
    "school": {
        "titles": [
            "Skolskjuts",
            "Ansöka om plats i förskola",
            "Elevhälsa",
            "Läsårstider",
            "Frånvaro i skolan",
        ],
        "leads": [
            "Det här gäller för elever och vårdnadshavare i kommunens skolor.",
            "Så söker du plats i förskola och skola.",
            "Information till personal i förskola och skola.",
        ],
        "sentences": [
            "Skolskjuts beviljas elever som har långt till skolan eller en trafikfarlig väg.",
            "Ansökan om skolskjuts görs inför varje läsår i e-tjänsten.",
            "Plats i förskola söker vårdnadshavaren senast fyra månader före önskat startdatum.",
            "Elevhälsan på varje skola har skolsköterska, kurator och specialpedagog.",
            "Läsåret börjar i augusti och höstlovet infaller vecka 44.",
            "Frånvaro anmäls av vårdnadshavare i skolans app före klockan åtta.",
            "Skolmåltiderna är kostnadsfria för alla elever i grundskolan.",
            "Rektor ansvarar för skolans systematiska kvalitetsarbete.",
        ],
    },
    "care": {
        "titles": [
            "Hemtjänst – rutiner för personal",
            "Hantera läkemedel i omsorgen",
            "Avvikelserapportering i vården",
            "Dokumentation i verksamhetssystemet",
            "Basala hygienrutiner",
        ],
        "leads": [
            "Rutiner för personal inom vård och omsorg.",
            "Så arbetar vi säkert med brukare i hemtjänst och särskilt boende.",
            "Vad som gäller för läkemedel, hygien och dokumentation.",
        ],
        "sentences": [
            "Hemtjänsten planerar dagens besök i verksamhetssystemet varje morgon.",
            "Läkemedel överlämnas enligt ordination och signeras direkt i signeringslistan.",
            "Avvikelser i vård och omsorg rapporteras i avvikelsesystemet inom ett dygn.",
            "Basala hygienrutiner gäller all personal som har nära kontakt med brukare.",
            "Dokumentationen ska vara saklig och göras samma dag som insatsen.",
            "Vid larm från trygghetslarmet åker hemtjänstens nattpatrull ut.",
            "Medicinskt ansvarig sjuksköterska ansvarar för rutinerna kring läkemedel.",
            "Brukarens genomförandeplan följs upp minst var sjätte månad.",
        ],
    },
}
#: Sentences any page might have, whatever its topic.
COMMON_SENTENCES = [
    "Sidan gäller all personal på {department}.",
    "Har du frågor kontaktar du din närmaste chef.",
    "Rutinen följs upp varje år av ledningsgruppen på {department}.",
    "Blanketter och mallar hittar du under Dokument.",
    "Läs också kommunens riktlinjer för arbetsmiljö.",
]
DEPARTMENT_NAMES = [name for name, _, _ in DEPARTMENTS]

#: News about each topic, in the words its pages use: a benchmark query meets news and evergreen pages together,
#: as on a real intranet, where news weighting and decay (search.query.NEWS_WEIGHT, NEWS_DECAY) decide between them.
NEWS = {
    "hr": {
        "titles": [
            "Friskvårdsbidraget höjs till {amount} kronor",
            "Sista dag att söka semester närmar sig",
            "Lönerevisionen är klar för i år",
            "Ny rutin för sjukfrånvaro från årsskiftet",
            "Fler får ta ut övertid som ledighet",
        ],
        "sentences": [
            "Friskvårdsbidraget höjs från årsskiftet och gäller all personal.",
            "Semesteransökan ska vara inlämnad senast den 31 mars, påminner HR-avdelningen på {department}.",
            "Den nya lönen betalas ut i april med retroaktiv lön från januari.",
            "Sjukfrånvaro anmäls från och med nu i självserviceportalen i stället för per telefon.",
            "Övertid kan tas ut som ledighet efter överenskommelse med chef.",
        ],
    },
    "it": {
        "titles": [
            "Nya datorer till alla skolor",
            "Driftstörning i VPN under helgen",
            "IT-servicedesk får utökade öppettider",
            "Byt lösenord före den 1 juni",
        ],
        "sentences": [
            "Under våren byts varje dator som är äldre än fyra år ut mot en ny dator.",
            "VPN-tjänsten för arbete hemifrån uppdateras och kan vara otillgänglig under helgen.",
            "IT-servicedesk svarar nu på telefon {phone} även på lördagar.",
            "Alla medarbetare behöver byta lösenord innan det gamla slutar gälla.",
        ],
    },
    "travel": {
        "titles": [
            "Fler elcyklar att låna vid {place}",
            "Ny resebyrå för tjänsteresor",
            "Tjänstebilarna byts mot elbilar",
        ],
        "sentences": [
            "Kommunen har köpt in tio nya elcyklar som du bokar i bokningssystemet.",
            "Från första maj bokas varje tjänsteresa genom den nyupphandlade resebyrån.",
            "Tjänstebilarna i {place} ersätts under året med elbilar.",
            "Resepolicyn har uppdaterats så att tåg väljs före flyg på fler sträckor.",
        ],
    },
    "procurement": {
        "titles": [
            "Nytt ramavtal för kontorsmaterial",
            "Ändrade regler för inköp och direktupphandling",
            "Fakturor attesteras nu i mobilen",
        ],
        "sentences": [
            "Det nya ramavtalet gäller från den första i månaden och ersätter de gamla avtalen.",
            "Gränsen för direktupphandling höjs till {amount} kronor.",
            "En faktura kan nu attesteras i appen, även när du är på resande fot.",
            "Upphandlingsenheten på {department} håller utbildning i de nya reglerna för inköp.",
        ],
    },
    "safety": {
        "titles": [
            "Brandövning i {place} nästa vecka",
            "Nya passerkort till all personal",
            "Tillbud ökar – rapportera alltid",
        ],
        "sentences": [
            "Brandövningen börjar klockan tio och alla i huset deltar i utrymningen.",
            "Passerkorten byts ut under hösten och det gamla kortet slutar fungera i december.",
            "Antalet rapporterade tillbud och arbetsskador ökade förra året.",
            "Säkerhetsenheten påminner om att utrymningsvägarna ska hållas fria.",
        ],
    },
    "school": {
        "titles": [
            "Skolstart för elever i kommunens skolor",
            "Ny förskola öppnar i Norrby",
            "Ändrade tider för skolskjuts i höst",
        ],
        "sentences": [
            "Läsåret börjar i augusti och skolskjutsen går enligt nya tider.",
            "Den nya förskolan har plats för 120 barn och öppnar efter sommaren.",
            "Vårdnadshavare söker skolskjuts i e-tjänsten före den 1 juni.",
            "Elevhälsan förstärks med fler skolsköterskor.",
        ],
    },
    "care": {
        "titles": [
            "Hemtjänsten får elbilar",
            "Ny rutin för läkemedel i hemtjänsten",
            "Utbildning i basala hygienrutiner",
        ],
        "sentences": [
            "Hemtjänsten i {place} kör från i vår elbil på alla turer.",
            "Signeringslistor för läkemedel blir digitala under året.",
            "All personal i vård och omsorg går utbildningen i basala hygienrutiner.",
            "Avvikelser rapporteras fortsatt i avvikelsesystemet inom ett dygn.",
        ],
    },
}
#: The share of the corpus that is news, as on a municipality's intranet: three pages in ten.
NEWS_IN_TEN = 3


def fill(template, rng):
    return template.format(
        department=rng.choice(DEPARTMENT_NAMES),
        place=rng.choice(PLACES),
        phone=rng.choice(PHONE_NUMBERS),
        amount=rng.choice(AMOUNTS),
    )


def page_text(number, rng):
    """(topic, title, lead, body paragraphs) of page `number`; topics take turns, the rest is drawn from `rng`."""
    topic_name = list(TOPICS)[number % len(TOPICS)]
    topic = TOPICS[topic_name]
    title = rng.choice(topic["titles"]) + rng.choice(QUALIFIERS) + " – " + rng.choice(DEPARTMENT_NAMES)
    lead = fill(rng.choice(topic["leads"]), rng)
    sentences = rng.sample(topic["sentences"], rng.randint(4, min(7, len(topic["sentences"]))))
    sentences += rng.sample(COMMON_SENTENCES, rng.randint(1, 2))
    rng.shuffle(sentences)
    half = len(sentences) // 2
    paragraphs = [" ".join(fill(s, rng) for s in sentences[:half]), " ".join(fill(s, rng) for s in sentences[half:])]
    return topic_name, title, lead, paragraphs


def is_news(number):
    """Whether page `number` is a news item: three in ten, spread evenly over the topics (seven take turns)."""
    return number % 10 < NEWS_IN_TEN


def news_text(number, rng):
    """(topic, title, lead, body paragraphs) of news item `number`: a headline, and sentences of the news and of
    its topic's pages."""
    topic_name = list(TOPICS)[number % len(TOPICS)]
    news, topic = NEWS[topic_name], TOPICS[topic_name]
    title = fill(rng.choice(news["titles"]), rng)
    sentences = rng.sample(news["sentences"], rng.randint(2, len(news["sentences"])))
    lead = fill(sentences[0], rng)
    paragraphs = [" ".join(fill(text, rng) for text in sentences[1:] + rng.sample(topic["sentences"], 2))]
    return topic_name, title, lead, paragraphs


def published_at(number, rng, today):
    """Spread publication over the last two years, so news decay has something to weigh."""
    moment = datetime.datetime.combine(today, datetime.time(9), tzinfo=datetime.UTC)
    return moment - datetime.timedelta(days=rng.randint(0, 730), minutes=number % 600)
