"""Synthetic Danish letters to a municipality, and page images of them as a scanner sees them.

The demo scanner feeds these so a new user sees the whole flow without hardware; tests and
benchmarks reuse them because every letter carries its own ground truth: the team it is
meant for, its case number, CPR number, document type and whether it is returned mail.

Everything is deterministic: the same `seed` gives the same letters and the same pixels.
All people, addresses, case numbers and CPR numbers are made up. CPR numbers have a real
date and a serial consistent with the century rule, so they look right to an extractor,
but the serials come from a handful of obvious patterns (1234, 4321, ...).
"""

from __future__ import annotations

import functools
import random
import re
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFont

# --- the municipality and its teams ---------------------------------------------

MUNICIPALITY = "Eksempel Kommune"
MUNICIPALITY_TOWN = "Eksempelby"
MUNICIPALITY_ADDRESS = ("Rådhuset", "Torvet 1", "4600 Eksempelby")
MUNICIPALITY_COLOUR = (0, 86, 140)  # letterhead blue

TEAMS = {
    "borgerservice": "Borgerservice",
    "jobcenter": "Jobcenter",
    "ydelsesservice": "Ydelsesservice",
    "byggeri": "Byggeri og Plan",
    "skole": "Skoleafdelingen",
    "aeldre": "Ældre og Sundhed",
    "teknik-miljoe": "Teknik og Miljø",
    "born-familie": "Børn og Familie",
}

DOCUMENT_TYPES = ("ansøgning", "klage", "indsigelse", "faktura", "returpost", "henvendelse", "dokumentation")
CASE_LABELS = ("Sagsnr.:", "Jeres ref.:", "J.nr.:")
RETURN_STAMP = ("RETUR", "Adressaten ubekendt")  # one line in text: "Retur – Adressaten ubekendt"

DANISH_MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def danish_date(d: date) -> str:
    """`12. november 2026`."""
    return f"{d.day}. {DANISH_MONTHS[d.month - 1]} {d.year}"


@dataclass(frozen=True)
class DemoLetter:
    """One letter in the demo stack, with the facts a reader (or a benchmark) should find."""

    sender_name: str
    sender_address: tuple[str, ...]  # lines under the name: street, postcode and town, phone...
    recipient_address: tuple[str, ...]  # the window lines, first line is the name
    date: date
    place: str  # town on the date line: "Køge, 12. november 2026"
    team: str  # id in TEAMS: the team the letter is meant for (or, for returned mail, sent from)
    subject: str
    case_number: str | None
    case_label: str | None  # "Sagsnr.:", "Jeres ref.:", "J.nr.:" when case_number is set
    cpr: str | None  # DDMMYY-SSSS, fictitious
    document_type: str  # one of DOCUMENT_TYPES
    is_return_mail: bool  # our own letter came back: stamped "Retur – Adressaten ubekendt"
    body: tuple[str, ...]  # paragraphs; "\n" breaks a line, "\t" right-aligns what follows
    page_breaks: tuple[int, ...]  # body index where page 2, 3... begin
    page_count: int
    signature: tuple[str, ...]  # lines under "Med venlig hilsen"
    sender_kind: str = "citizen"  # "citizen" | "company" | "municipality"
    typeface: str = "sans"  # "sans" | "serif"

    def __post_init__(self) -> None:
        if self.team not in TEAMS:
            raise ValueError(f"unknown team {self.team!r}")
        if not 1 <= self.page_count <= 3 or len(self.page_breaks) != self.page_count - 1:
            raise ValueError("page_count must be 1-3 and match page_breaks")

    @property
    def date_line(self) -> str:
        return f"{self.place}, {danish_date(self.date)}"

    def page_paragraphs(self, page: int) -> tuple[str, ...]:
        """The body paragraphs printed on `page` (1-based)."""
        bounds = (0, *self.page_breaks, len(self.body))
        return self.body[bounds[page - 1] : bounds[page]]


# --- made-up people, places and numbers -----------------------------------------

_FIRST_NAMES_F = ("Anne", "Mette", "Hanne", "Karen", "Susanne", "Lene", "Camilla", "Louise", "Birgit",
                  "Inge", "Maria", "Sofie", "Ida", "Fatima", "Jette", "Pia")  # fmt: skip
_FIRST_NAMES_M = ("Jens", "Peter", "Lars", "Henrik", "Søren", "Niels", "Morten", "Thomas", "Jesper",
                  "Mikkel", "Ahmad", "Ole", "Bjarne", "Kasper", "Rasmus", "Poul")  # fmt: skip
_LAST_NAMES = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
               "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
               "Thomsen", "Poulsen", "Møller", "Østergaard", "Kjær", "Holm")  # fmt: skip
_CHILD_NAMES = {"søn": ("Oliver", "Noah", "William", "Carl", "Malthe", "Emil"),
                "datter": ("Alma", "Ella", "Freja", "Clara", "Agnes", "Ellen")}  # fmt: skip
_STREETS = ("Søndergade", "Vestergade", "Birkevej", "Egevej", "Skovvej", "Møllevej", "Kirkestræde",
            "Bøgevænget", "Lærkevej", "Stationsvej", "Strandvejen", "Hyldevej", "Kastanie Allé",
            "Æblehaven", "Rønnebærvej", "Gl. Landevej")  # fmt: skip
_TOWNS = (("4600", "Køge"), ("4681", "Herfølge"), ("4683", "Rønnede"), ("4623", "Lille Skensved"),
          ("4632", "Bjæverskov"), ("2680", "Solrød Strand"), ("4652", "Hårlev"), ("4140", "Borup"))  # fmt: skip
_SCHOOLS = ("Søndre Skole", "Engskolen", "Skovboskolen", "Hastrupskolen", "Strandskolen")
_JOBS = ("lagermedarbejder", "sosu-hjælper", "buschauffør", "kontorassistent", "tømrer", "pædagogmedhjælper")
_CASE_HANDLERS = ("Birthe Lund", "Kim Mortensen", "Sanne Bech", "Allan Juhl", "Tina Skov", "Mads Vinther")

# Plausible-looking KLE subject numbers per team (demo data: not checked against the KLE list).
_KLE = {
    "borgerservice": "00.01.00", "jobcenter": "15.20.00", "ydelsesservice": "32.18.00",
    "byggeri": "02.34.02", "skole": "17.02.00", "aeldre": "27.24.00",
    "teknik-miljoe": "05.01.00", "born-familie": "27.36.00",
}  # fmt: skip
_KLE_FACETS = ("A00", "G01", "P20", "K07")


def _cpr(rng: random.Random, born: tuple[int, int]) -> tuple[str, int]:
    """A fictitious CPR number with a real date and a serial that fits the century rule; and the year."""
    year = rng.randint(*born)
    birthday = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    if year >= 2000:
        serial = rng.choice(("4321", "5678", "6789", "9876"))  # 4-9: born 2000 or later
    else:
        serial = rng.choice(("1234", "2345", "3456", "0123"))  # 0-3: born 1900-1999
    return f"{birthday:%d%m%y}-{serial}", year


def _case_number(rng: random.Random, team: str) -> str:
    form = rng.randrange(3)
    if form == 0:
        return f"{rng.randint(2015, 2026)}-{rng.randrange(10**7):07d}"  # 2017-0289209
    if form == 1:
        return f"{rng.randint(13, 26)}/{rng.randint(10000, 99999)}"  # 13/44080
    return f"{_KLE[team]}-{rng.choice(_KLE_FACETS)}-{rng.randint(1, 40)}-{rng.randint(18, 26)}"  # KLE


def _amount(value: float) -> str:
    """`12.345,00`."""
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


# --- what the letters say ---------------------------------------------------------
# Templates are filled with str.format from the context built in `_context`.


@dataclass(frozen=True)
class _Topic:
    team: str
    document_type: str
    subject: str
    paragraphs: tuple[str, ...] = ()
    sender: str = "citizen"  # "citizen" | "company" | "municipality" (returned mail)
    cpr: str | None = "self"  # whose CPR the letter quotes: "self" | "child" | "parent" | None
    case_chance: float = 0.5
    born: tuple[int, int] | None = None  # birth years for the CPR, when the text needs an age


_TOPICS = (
    # Borgerservice
    _Topic("borgerservice", "ansøgning", "Ansøgning om fritagelse for Digital Post", (
        "Jeg skriver for at ansøge om fritagelse for Digital Post. Jeg er {age} år og har hverken "
        "computer eller smartphone, og jeg har ikke mulighed for at få hjælp til at læse min post "
        "digitalt hver uge.",
        "Min datter har tidligere hjulpet mig, men hun er flyttet til Aarhus og kan ikke længere komme "
        "forbi så ofte. Jeg har forsøgt at oprette MitID, men det er ikke lykkedes mig alene.",
        "Jeg beder derfor om at få min post fra det offentlige som almindelige breve til min adresse "
        "på {street}. Jeg kan kontaktes på telefon {phone} i dagtimerne.",
    ), case_chance=0.1, born=(1933, 1952)),
    _Topic("borgerservice", "henvendelse", "Anmeldelse af flytning og skift af læge", (
        "Jeg flytter den {later} fra {old_street} til {street} og vil hermed anmelde flytningen. "
        "Jeg har ikke selv kunnet gøre det på borger.dk, da mit MitID er spærret.",
        "Med flytningen ønsker jeg samtidig at skifte til en læge i nærheden af min nye bopæl. Jeg har "
        "ingen særlige ønsker, bortset fra at lægen gerne må ligge i gåafstand.",
        "Jeg beder om at få et nyt sundhedskort sendt til den nye adresse, når flytningen er registreret.",
    ), case_chance=0.1),
    # Jobcenter
    _Topic("jobcenter", "dokumentation", "Sygedagpenge – lægeerklæring til opfølgning", (
        "Som aftalt ved samtalen den {earlier} sender jeg hermed lægeerklæringen fra min egen læge og "
        "det udfyldte oplysningsskema om min sygdom.",
        "Jeg har været sygemeldt fra mit arbejde som {job} siden {much_earlier} på grund af en "
        "diskusprolaps. Lægen vurderer, at jeg kan begynde på en delvis raskmelding på 15 timer om ugen "
        "om cirka fire uger.",
        "Min arbejdsgiver er positiv over for en gradvis tilbagevenden, og jeg vil gerne have en ny "
        "samtale med min sagsbehandler, inden den delvise raskmelding begynder.",
    ), case_chance=0.9),
    _Topic("jobcenter", "ansøgning", "Ansøgning om kursus i truckcertifikat", (
        "Jeg er ledig og tilmeldt jobcentret og søger om at få betalt et kursus i truckcertifikat "
        "(B-certifikat), så jeg kan søge stillinger som {job} på lagre i området.",
        "I næsten alle de stillingsopslag, jeg har søgt, er truckcertifikat et krav. To virksomheder har "
        "sagt til mig, at de vil tilbyde mig en samtale, hvis jeg har certifikatet.",
        "Kurset varer fem dage og begynder den {later}. Prisen er {price} kr. inklusive prøve.",
    ), case_chance=0.5),
    # Ydelsesservice
    _Topic("ydelsesservice", "klage", "Klage over afgørelse om kontanthjælp", (
        "Jeg klager hermed over kommunens afgørelse af {earlier}, hvor min kontanthjælp er blevet "
        "nedsat, fordi jeg efter kommunens opfattelse ikke har været til rådighed.",
        "Jeg var syg i den pågældende uge og ringede til jobcentret om morgenen for at melde afbud til "
        "samtalen. Jeg fik at vide, at det var i orden, og at jeg ville få en ny tid.",
        "Jeg mener ikke, at der er grundlag for at trække i min ydelse, og beder om, at afgørelsen "
        "bliver genvurderet. Fastholder kommunen afgørelsen, beder jeg om, at klagen sendes videre til "
        "Ankestyrelsen.",
    ), case_chance=0.95),
    _Topic("ydelsesservice", "dokumentation", "Boligstøtte – ny husleje og ændret indkomst", (
        "Jeg skriver for at oplyse, at min husleje stiger fra {rent_old} kr. til {rent_new} kr. om "
        "måneden fra den 1. i næste måned, og at min indkomst samtidig er faldet, fordi jeg er gået "
        "ned i tid.",
        "Jeg vedlægger kopi af brevet fra boligforeningen og mine seneste tre lønsedler. Jeg beder om, "
        "at min boligstøtte bliver beregnet igen ud fra de nye oplysninger.",
    ), case_chance=0.6),
    _Topic("ydelsesservice", "ansøgning", "Ansøgning om hjælp til tandbehandling", (
        "Jeg søger om hjælp til betaling af tandbehandling efter aktivlovens § 82. Min tandlæge har "
        "lavet et overslag på {price} kr., som jeg vedlægger.",
        "Jeg modtager kontanthjælp og har ingen opsparing, så jeg har ikke mulighed for selv at betale "
        "behandlingen. Tanden gør ondt, og tandlægen anbefaler, at behandlingen sker hurtigst muligt.",
    ), case_chance=0.4),
    # Byggeri
    _Topic("byggeri", "ansøgning", "Ansøgning om byggetilladelse til carport og redskabsrum", (
        "Hermed ansøger vi om byggetilladelse til en carport med tilbygget redskabsrum på vores "
        "ejendom {street}, matr.nr. {matr}.",
        "Carporten bliver på 36 m² og redskabsrummet på 9 m². Begge dele opføres i træ med tag af "
        "tagpap og placeres 2,5 meter fra skel mod naboen. Bebyggelsesprocenten på grunden vil efter "
        "byggeriet være 24.",
        "Vi vedlægger situationsplan, facadetegninger og en beskrivelse af konstruktionen. Naboerne "
        "er orienteret og har ingen bemærkninger.",
    ), cpr=None, case_chance=0.2),
    _Topic("byggeri", "indsigelse", "Indsigelse mod byggeri på naboejendommen", (
        "Vi har modtaget kommunens brev om nabohøring vedrørende den planlagte tilbygning på "
        "{other_street}. Vi vil hermed gøre indsigelse mod projektet.",
        "Tilbygningen bliver i to etager og skal ifølge tegningerne ligge kun 2,5 meter fra vores skel. "
        "Det vil give skygge på vores terrasse om eftermiddagen og indblik direkte i vores stue.",
        "Vi mener ikke, at byggeriet passer ind i områdets lave parcelhuse, og vi beder kommunen om at "
        "afvise ansøgningen eller kræve, at tilbygningen rykkes længere væk fra skel.",
    ), cpr=None, case_chance=0.9),
    # Skole
    _Topic("skole", "ansøgning", "Skoleindskrivning til børnehaveklasse", (
        "Vi skal have vores {child_rel} {child} i børnehaveklasse efter sommerferien og vil hermed "
        "indskrive {child_him} på {school}.",
        "Vi har valgt {school}, fordi {child_his} storesøster allerede går der, og fordi skolen ligger "
        "tæt på vores bopæl. Hvis der ikke er plads, ønsker vi som andet valg {school2}.",
        "{child} går i børnehaven Solsikken, og pædagogerne har ingen bemærkninger til skolestarten.",
    ), cpr="child", case_chance=0.1, born=(2020, 2021)),
    _Topic("skole", "ansøgning", "Ansøgning om befordring til og fra skole", (
        "Vi søger om fri befordring for vores {child_rel} {child}, som går i 2. klasse på {school}. "
        "Skolevejen er cirka 4 km, og en del af strækningen går langs en landevej uden cykelsti.",
        "Vi mener, at skolevejen er trafikfarlig for et barn på {child_his} alder, især om vinteren, "
        "hvor det er mørkt om morgenen. Vi beder derfor om, at {child} får et buskort.",
    ), cpr="child", case_chance=0.3, born=(2017, 2018)),
    _Topic("skole", "faktura", "Faktura – buskørsel til lejrskole", sender="company", cpr=None, case_chance=0.0),
    # Ældre og Sundhed
    _Topic("aeldre", "ansøgning", "Ansøgning om hjemmehjælp til min mor", (
        "Jeg skriver på vegne af min mor, {parent}, som bor alene på {other_street}. Hun er {parent_age} "
        "år og har efter et fald i sommer fået svært ved at klare rengøring, indkøb og personlig pleje.",
        "Hun har givet mig lov til at søge på hendes vegne og har underskrevet en fuldmagt, som jeg "
        "vedlægger.",
        "Vi ønsker hjælp til bad to gange om ugen og rengøring hver anden uge, og vi vil også gerne "
        "høre om mulighederne for madudbringning.",
    ), cpr="parent", case_chance=0.2),
    _Topic("aeldre", "klage", "Klage over aflyste besøg fra hjemmeplejen", (
        "Jeg vil klage over, at hjemmeplejen de sidste tre uger har aflyst fire besøg hos mig uden at "
        "give besked i god tid. Den {earlier} kom der ingen til morgenbesøget, og jeg måtte vente til "
        "middag med at få hjælp til at komme op.",
        "Jeg ved godt, at der mangler personale, men jeg er afhængig af hjælpen, og det er utrygt ikke "
        "at vide, om der kommer nogen.",
        "Jeg beder om en forklaring og om, at kommunen sikrer, at jeg får den hjælp, jeg er visiteret til.",
    ), case_chance=0.8, born=(1930, 1950)),
    # Teknik og Miljø
    _Topic("teknik-miljoe", "klage", "Klage over vejarbejde på {road}", (
        "Siden den {earlier} har der været vejarbejde på {road} ud for vores hus. Arbejdet begynder hver "
        "morgen kl. 6.30, også om lørdagen, og maskinerne larmer så meget, at vores børn vågner.",
        "Der er ikke sat skilte op om, hvor længe arbejdet varer, og fortovet har været spærret i flere "
        "uger, så ældre og gangbesværede må gå ude på kørebanen.",
        "Vi beder kommunen oplyse, hvornår arbejdet forventes afsluttet, og sikre en forsvarlig passage "
        "for fodgængere.",
    ), cpr=None, case_chance=0.2),
    _Topic("teknik-miljoe", "klage", "Affald – beholder til papir og pap er ikke tømt", (
        "Vores beholder til papir og pap på {street} er ikke blevet tømt ved de to seneste tømninger. "
        "Beholderen stod ved skel med låget lukket begge gange.",
        "Nu er beholderen fuld, og vi har flere sække med pap stående i carporten. Vi beder om, at den "
        "bliver tømt hurtigst muligt, og om en forklaring på, hvorfor den er blevet sprunget over.",
    ), cpr=None, case_chance=0.3),
    _Topic("teknik-miljoe", "faktura", "Faktura – vintertjeneste, snerydning og saltning",
           sender="company", cpr=None, case_chance=0.0),
    # Børn og Familie
    _Topic("born-familie", "ansøgning", "Ansøgning om dækning af merudgifter", (
        "Vi søger om dækning af nødvendige merudgifter efter servicelovens § 41 til vores {child_rel} "
        "{child}, som har type 1-diabetes.",
        "{child} skal have særlig kost, og vi har udgifter til glukosesensorer, som ikke dækkes af "
        "regionen, og til ekstra kørsel til ambulatoriet. Udgifterne for de seneste tre måneder står i "
        "vedlagte opgørelse.",
        "Vi vedlægger også en erklæring fra den behandlende læge.",
    ), cpr="child", case_chance=0.4),
    _Topic("born-familie", "ansøgning", "Ansøgning om økonomisk friplads", (
        "Jeg søger om økonomisk friplads til min {child_rel} {child}, som går i vuggestuen Mariehønen. "
        "Jeg er enlig forsørger, og min indkomst er faldet, efter jeg er overgået til dagpenge.",
        "Jeg vedlægger min årsopgørelse og dokumentation for min nuværende indkomst.",
    ), case_chance=0.2),
)

# Our own letters that came back undeliverable: sent by the team, stamped by the post.
_RETURN_TOPICS = (
    _Topic("jobcenter", "returpost", "Indkaldelse til samtale", (
        "Du indkaldes hermed til en samtale i Jobcenter {municipality} den {later} kl. 10.00. Samtalen "
        "handler om din plan for at komme i job eller uddannelse.",
        "Hvis du er forhindret, skal du kontakte os senest dagen før. Udebliver du uden gyldig grund, "
        "kan det få betydning for din ydelse.",
    ), sender="municipality", case_chance=1.0),
    _Topic("ydelsesservice", "returpost", "Afgørelse om enkeltydelse", (
        "{municipality} har behandlet din ansøgning af {earlier} om hjælp til tandbehandling. Vi har "
        "besluttet at bevilge {price} kr. efter aktivlovens § 82.",
        "Beløbet udbetales direkte til tandlægen, når behandlingen er afsluttet og regningen er "
        "modtaget.",
    ), sender="municipality", case_chance=1.0),
    _Topic("byggeri", "returpost", "Nabohøring – ansøgning om byggetilladelse", (
        "{municipality} har modtaget en ansøgning om byggetilladelse til en tilbygning på "
        "{other_street}. Da byggeriet kan have betydning for dig som nabo, får du mulighed for at "
        "komme med bemærkninger.",
        "Eventuelle bemærkninger skal være kommunen i hænde senest den {later}. Tegningerne kan ses "
        "i Borgerservice på rådhuset.",
    ), sender="municipality", cpr=None, case_chance=1.0),
    _Topic("aeldre", "returpost", "Revisitering af hjemmehjælp", (
        "Vi skal have talt med dig om den hjælp, du får fra hjemmeplejen. En visitator kommer derfor "
        "på besøg hos dig den {later} kl. 13.00.",
        "Du er velkommen til at have en pårørende med ved besøget. Passer tidspunktet ikke, bedes du "
        "ringe til os.",
    ), sender="municipality", case_chance=1.0, born=(1930, 1950)),
)

# Extra paragraphs for the longer letters.
_CITIZEN_EXTRAS = (
    "Jeg har forsøgt at løse sagen ved at ringe til kommunen flere gange, men det har ikke været muligt "
    "at komme igennem på telefonen i åbningstiden. Derfor skriver jeg dette brev.",
    "Jeg har vedlagt kopi af de dokumenter, som jeg mener er relevante for sagen. Hvis der mangler "
    "noget, hører jeg gerne fra jer, så jeg kan eftersende det hurtigst muligt.",
    "Jeg er ikke tilmeldt Digital Post og beder derfor om, at svaret sendes med almindelig post til "
    "min adresse. Jeg kan også kontaktes på telefon i dagtimerne.",
    "Til orientering kan jeg oplyse, at jeg tidligere har haft en sag hos kommunen om et lignende "
    "spørgsmål. Jeg går ud fra, at oplysningerne fra den sag stadig findes i jeres system.",
    "Jeg vil gerne have en kvittering for, at kommunen har modtaget mit brev, og vide, hvornår jeg kan "
    "forvente et svar. Jeg har forstået, at kommunen skal svare inden for syv dage.",
    "Hvis kommunen ikke kan imødekomme min henvendelse, beder jeg om en skriftlig begrundelse og en "
    "vejledning om, hvordan jeg kan klage over afgørelsen.",
    "Jeg giver samtykke til, at kommunen må indhente oplysninger hos min læge og min arbejdsgiver, hvis "
    "det er nødvendigt for at behandle sagen.",
    "Jeg har også sendt en mail til kommunens hovedpostkasse om sagen, men har ikke fået svar. Derfor "
    "sender jeg nu brevet med posten, så det med sikkerhed bliver modtaget og journaliseret.",
    "Jeg håber, at sagen kan blive behandlet hurtigt, da den har stor betydning for min hverdag og for "
    "min familie.",
    "Bilag:\n1. Kopi af tidligere brev fra kommunen\n2. Dokumentation som nævnt ovenfor\n"
    "3. Underskrevet samtykkeerklæring",
    "Jeg har tidligere fået hjælp af en bisidder fra en frivillig forening, og jeg vil gerne have, at "
    "hun kan deltage, hvis der bliver holdt et møde i sagen. Hun hedder {helper} og kan kontaktes "
    "gennem mig.",
    "Hvis kommunen har brug for at se de originale dokumenter, kan jeg komme forbi Borgerservice med "
    "dem. Jeg vil helst ikke sende originalerne med posten, da jeg er bange for, at de bliver væk.",
    "Jeg ved, at kommunen modtager mange henvendelser, men jeg håber, at I vil se på min sag med "
    "forståelse. Det har ikke været let at skrive dette brev, og jeg har brugt lang tid på at samle "
    "oplysningerne.",
    "Jeg har talt med min læge om sagen, og hun er enig i, at der skal findes en løsning hurtigt. Hun "
    "har tilbudt at skrive en udtalelse, hvis kommunen ønsker det.",
    "Til sidst beder jeg om, at alle breve i sagen sendes til mig og ikke til andre i husstanden. Jeg "
    "vil også gerne have kopi af de notater, kommunen har skrevet om mine tidligere henvendelser.",
)
_CITIZEN_EXTRAS_SINGULAR = (  # only for letters written by one person
    "Jeg vil også gøre opmærksom på, at min situation har ændret sig siden sidst. Jeg bor nu alene og "
    "har ikke længere bil, så det er svært for mig at komme til møder på rådhuset. Hvis det er muligt, "
    "vil jeg hellere tale med jer i telefonen.",
)
_WE = {"Jeg": "Vi", "jeg": "vi", "mig": "os", "min": "vores", "mit": "vores", "mine": "vores"}
_MUNICIPAL_EXTRAS = (
    "Har du spørgsmål til brevet, er du velkommen til at kontakte os på telefon 12 34 56 78 på "
    "hverdage mellem kl. 9.00 og 14.00. Husk at oplyse sagsnummeret.",
    "Klagevejledning\nDu kan klage over afgørelsen. Klagen skal sendes til kommunen inden fire uger "
    "fra den dag, du har modtaget dette brev. Fastholder kommunen afgørelsen, sendes klagen videre "
    "til Ankestyrelsen.",
    "Aktindsigt\nDu har ret til at se de oplysninger, vi har om dig i sagen. Ønsker du aktindsigt, kan "
    "du skrive til os med sagsnummeret.",
    "Behandling af personoplysninger\n{municipality} behandler oplysninger om dig for at kunne behandle "
    "din sag. Du kan læse mere om dine rettigheder i kommunens databeskyttelsespolitik.",
    "Vejledning\nDu kan få hjælp til at læse og forstå brevet i Borgerservice på rådhuset. Tag brevet "
    "med, når du kommer, så vi hurtigt kan finde din sag.",
    "Digital Post\nDu modtager dette brev med almindelig post, fordi du er fritaget for Digital Post "
    "eller ikke har en digital postkasse. Ændrer det sig, kan du give os besked.",
    "Partshøring\nInden vi træffer en endelig afgørelse, har du ret til at udtale dig om de "
    "oplysninger, der indgår i sagen. Du kan sende dine bemærkninger til os inden 14 dage.",
)

_COMPANIES = {
    "skole": ("Sjællands Turistbusser ApS", ("Industrivej 12", "4623 Lille Skensved", "CVR-nr. 12 34 56 78")),
    "teknik-miljoe": ("Østsjællands Vejservice A/S", ("Grusgravvej 3", "4683 Rønnede", "CVR-nr. 87 65 43 21")),
}  # fmt: skip


def _invoice_body(topic: _Topic, rng: random.Random, letter_date: date) -> tuple[str, ...]:
    if topic.team == "skole":
        lines = [("Buskørsel til lejrskole, 1 bus med 49 pladser, tur/retur 310 km", rng.randint(70, 95) * 100),
                 ("Chaufførens ophold, 3 døgn", rng.randint(30, 45) * 100)]  # fmt: skip
    else:
        hours = rng.randint(18, 40)
        lines = [(f"Snerydning af kommunale veje, {hours} timer à 650,00 kr.", hours * 650),
                 ("Saltning, 12 udkald", rng.randint(90, 140) * 100)]  # fmt: skip
    net = sum(amount for _, amount in lines)
    due = letter_date + timedelta(days=30)
    return (
        f"Fakturanr.: {rng.randint(20000, 29999)}\nFakturadato: {danish_date(letter_date)}\n"
        f"EAN-nr.: 5798000{rng.randint(100000, 999999)}",
        "\n".join(f"{text}\t{_amount(amount)} kr." for text, amount in lines),
        f"Beløb ekskl. moms\t{_amount(net)} kr.\nMoms 25 %\t{_amount(net * 0.25)} kr.\n"
        f"I alt at betale\t{_amount(net * 1.25)} kr.",
        f"Beløbet bedes indbetalt på reg.nr. 1234 konto 0001234567 senest {danish_date(due)}. "
        "Ved betaling bedes fakturanummeret oplyst.",
    )


# --- generating the stack ---------------------------------------------------------

_LETTER_START = date(2026, 9, 1)
# Rough page capacity in lines for splitting the body into pages; generous to the layout
# (DejaVu lines hold ~75 characters, the estimate assumes 70; the first page holds ~27 lines, the
# others ~49), so the renderer never overflows, and narrower fonts (Arial, Times) fit too.
_CHARS_PER_LINE = 70
_LINES_FIRST_PAGE = 25
_LINES_OTHER_PAGE = 44
_SIGNATURE_LINES = 7


def _estimated_lines(paragraph: str) -> int:
    return sum(-(-max(len(line), 1) // _CHARS_PER_LINE) for line in paragraph.split("\n")) + 1


def _paginate(body: list[str]) -> list[int]:
    """Body indexes where new pages begin, keeping paragraphs whole and room for the signature."""
    breaks: list[int] = []
    room = _LINES_FIRST_PAGE
    for index, paragraph in enumerate(body):
        need = _estimated_lines(paragraph)
        if need > room and index > (breaks[-1] if breaks else 0):
            breaks.append(index)
            room = _LINES_OTHER_PAGE
        room -= need
    if room < _SIGNATURE_LINES:  # signature never alone on a page: move the last paragraph with it
        last = len(body) - 1
        if last > (breaks[-1] if breaks else 0):
            breaks.append(last)
    return breaks


def _context(rng: random.Random, letter_date: date, town: tuple[str, str]) -> dict[str, str]:
    child_rel = rng.choice(("søn", "datter"))
    other_town = rng.choice(_TOWNS)
    school, school2 = rng.sample(_SCHOOLS, 2)
    return {
        "municipality": MUNICIPALITY,
        "age": str(rng.randint(72, 91)),
        "street": f"{rng.choice(_STREETS)} {rng.randint(1, 48)}, {town[0]} {town[1]}",
        "old_street": f"{rng.choice(_STREETS)} {rng.randint(1, 48)}, {other_town[0]} {other_town[1]}",
        "other_street": f"{rng.choice(_STREETS)} {rng.randint(1, 48)}",
        "road": rng.choice(_STREETS),
        "phone": f"1{rng.randint(0, 9)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "earlier": danish_date(letter_date - timedelta(days=rng.randint(7, 30))),
        "much_earlier": danish_date(letter_date - timedelta(days=rng.randint(45, 90))),
        "later": danish_date(letter_date + timedelta(days=rng.randint(14, 40))),
        "job": rng.choice(_JOBS),
        "price": _amount(rng.randint(40, 140) * 100),
        "rent_old": _amount(rng.randint(55, 70) * 100),
        "rent_new": _amount(rng.randint(71, 85) * 100),
        "matr": f"{rng.randint(2, 60)}{rng.choice('abcdefg')} {town[1]} By, {town[1]}",
        "child_rel": child_rel,
        "child": rng.choice(_CHILD_NAMES[child_rel]),
        "child_him": "ham" if child_rel == "søn" else "hende",
        "child_his": "hans" if child_rel == "søn" else "hendes",
        "school": school,
        "school2": school2,
        "parent": f"{rng.choice(_FIRST_NAMES_F)} {rng.choice(_LAST_NAMES)}",
        "parent_age": str(rng.randint(78, 94)),
        "helper": f"{rng.choice(_FIRST_NAMES_F)} {rng.choice(_LAST_NAMES)}",
    }


def _make_letter(rng: random.Random, topic: _Topic, target_pages: int) -> DemoLetter:
    letter_date = _LETTER_START + timedelta(days=rng.randrange(90))
    while letter_date.weekday() >= 5:
        letter_date += timedelta(days=1)
    town = rng.choice(_TOWNS)
    ctx = _context(rng, letter_date, town)
    first = rng.choice(_FIRST_NAMES_F + _FIRST_NAMES_M)
    citizen = f"{first} {rng.choice(_LAST_NAMES)}"
    citizen_address = (ctx["street"].split(", ")[0], f"{town[0]} {town[1]}")
    team_name = TEAMS[topic.team]
    handler = rng.choice(_CASE_HANDLERS)

    if topic.sender == "municipality":
        sender_name = MUNICIPALITY
        sender_address = (team_name, *MUNICIPALITY_ADDRESS, "Tlf. 12 34 56 78")
        recipient = (citizen, *citizen_address)
        place = MUNICIPALITY_TOWN
        signature = (handler, team_name)
        greeting = None
        extras = _MUNICIPAL_EXTRAS
    else:
        to_team = rng.random() < 0.5  # half the letters name the team, the rest only the municipality
        recipient = (MUNICIPALITY, *((f"Att.: {team_name}",) if to_team else ()), *MUNICIPALITY_ADDRESS)
        if topic.sender == "company":
            sender_name, sender_address = _COMPANIES[topic.team]
            place = sender_address[1].split(" ", 1)[1]
            signature = (sender_name, "Bogholderiet")
            greeting = None
        else:
            sender_name = citizen
            phone = (f"Tlf. {ctx['phone']}",) if rng.random() < 0.6 else ()
            sender_address = (*citizen_address, *phone)
            place = town[1]
            signature = (citizen,)
            greeting = rng.choice((None, "Til Eksempel Kommune", "Kære sagsbehandler", "Til rette vedkommende"))
        extras = _CITIZEN_EXTRAS
        if not any(re.search(r"\b[Vv]i\b", p) for p in topic.paragraphs):
            extras += _CITIZEN_EXTRAS_SINGULAR

    cpr = None
    if topic.cpr:
        default_born = {"self": (1945, 1998), "child": (2012, 2022), "parent": (1930, 1947)}[topic.cpr]
        cpr, year = _cpr(rng, topic.born or default_born)
        ctx["parent_age" if topic.cpr == "parent" else "age"] = str(letter_date.year - year)

    case_number = case_label = None
    if rng.random() < topic.case_chance:
        case_number = _case_number(rng, topic.team)
        labels = ("Sagsnr.:", "J.nr.:") if topic.sender == "municipality" else CASE_LABELS
        case_label = rng.choice(labels)

    if topic.document_type == "faktura":
        body = list(_invoice_body(topic, rng, letter_date))
        if rng.random() < 0.5:
            case_number, case_label = f"{rng.randint(13, 26)}/{rng.randint(10000, 99999)}", "Jeres ref.:"
    else:
        body = [p.format(**ctx) for p in topic.paragraphs]
    if greeting:
        body.insert(0, greeting)

    pool = [p.format(**ctx) for p in extras] if topic.document_type != "faktura" else []
    if topic.sender == "citizen" and any(re.search(r"\b[Vv]i\b", p) for p in topic.paragraphs):
        pool = [re.sub(r"\b(Jeg|jeg|mig|min|mit|mine)\b", lambda m: _WE[m[1]], p) for p in pool]
    rng.shuffle(pool)
    breaks = _paginate(body)
    while len(breaks) + 1 < target_pages and pool:
        body.append(pool.pop())
        body.sort(key=lambda paragraph: paragraph.startswith("Bilag:"))  # the list of enclosures last
        breaks = _paginate(body)

    return DemoLetter(
        sender_name=sender_name,
        sender_address=sender_address,
        recipient_address=recipient,
        date=letter_date,
        place=place,
        team=topic.team,
        subject=topic.subject.format(**ctx),
        case_number=case_number,
        case_label=case_label,
        cpr=cpr,
        document_type=topic.document_type,
        is_return_mail=topic.sender == "municipality",
        body=tuple(body),
        page_breaks=tuple(breaks),
        page_count=len(breaks) + 1,
        signature=signature,
        sender_kind=topic.sender,
        typeface="sans" if topic.sender != "citizen" else rng.choice(("sans", "serif")),
    )


def demo_letters(count: int = 12, seed: int = 0) -> list[DemoLetter]:
    """A stack of `count` letters; the same seed gives the same stack, and a shorter stack is a prefix.

    Every team gets a letter before any gets a second one; about one letter in six is returned
    mail; the second letter has two pages and the fourth three (when the stack is that long).
    """
    rng = random.Random(seed)
    teams: list[str] = []
    return_slot = rng.choice((0, 2, 4, 5))  # never the long letters at 1 and 3
    letters = []
    for index in range(count):
        target = {1: 2, 3: 3}.get(index, rng.choices((1, 2, 3), weights=(6, 3, 1))[0])
        if index % 6 == return_slot:
            topic = rng.choice(_RETURN_TOPICS)
        else:
            if not teams:
                teams = list(TEAMS)
                rng.shuffle(teams)
            team = teams.pop()
            # invoices are one page: not for the places reserved for long letters
            choices = [t for t in _TOPICS if t.team == team and (target == 1 or t.sender != "company")]
            topic = rng.choice(choices)
        letters.append(_make_letter(rng, topic, target))
    return letters


# --- rendering ----------------------------------------------------------------------

A4_MM = (210.0, 297.0)
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
_FONT_FILES = {
    ("sans", False): ("DejaVuSans.ttf", "arial.ttf", "LiberationSans-Regular.ttf"),
    ("sans", True): ("DejaVuSans-Bold.ttf", "arialbd.ttf", "LiberationSans-Bold.ttf"),
    ("serif", False): ("DejaVuSerif.ttf", "times.ttf", "LiberationSerif-Regular.ttf"),
    ("serif", True): ("DejaVuSerif-Bold.ttf", "timesbd.ttf", "LiberationSerif-Bold.ttf"),
}
_MODES = {"gray": "L", "L": "L", "color": "RGB", "RGB": "RGB", "lineart": "1", "1": "1"}
_INK = (22, 22, 24)
_SIGNATURE_INK = (20, 45, 140)
_STAMP_INK = (196, 32, 38)


def a4_size(dpi: int) -> tuple[int, int]:
    """Pixel size of an A4 portrait page at `dpi`: 2480 x 3508 at 300."""
    return round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi)


@functools.lru_cache(maxsize=64)
def _font(face: str, bold: bool, px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in _FONT_FILES[(face, bold)]:
        candidates = [d / name for d in _FONT_DIRS if (d / name).exists()] + [Path(name)]
        for candidate in candidates:
            try:
                return ImageFont.truetype(str(candidate), px)
            except OSError:
                continue
    return ImageFont.load_default(size=px)  # no bold here: headings just print regular


def _image_mode(mode: str) -> str:
    try:
        return _MODES[mode]
    except KeyError:
        raise ValueError(f"unknown colour mode {mode!r}; use gray, color or lineart") from None


def _seed(*parts: object) -> int:
    return zlib.crc32("|".join(map(str, parts)).encode())


class _Page:
    """A page being drawn: millimetre coordinates, points for type, colour or gray ink."""

    def __init__(self, dpi: int, colour: bool, face: str) -> None:
        self.dpi = dpi
        self.colour = colour
        self.face = face
        self.image = Image.new("RGB" if colour else "L", a4_size(dpi), (255, 255, 255) if colour else 255)
        self.draw = ImageDraw.Draw(self.image)

    def px(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)

    def ink(self, rgb: tuple[int, int, int]) -> tuple[int, int, int] | int:
        return rgb if self.colour else round(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2])

    def font(self, pt: float, bold: bool = False, face: str | None = None):
        return _font(face or self.face, bold, max(6, round(pt * self.dpi / 72)))

    def text(self, x_mm: float, y_mm: float, text: str, pt: float = 11, bold: bool = False,
             rgb=_INK, align: str = "left") -> None:  # fmt: skip
        font = self.font(pt, bold)
        x = self.px(x_mm)
        if align == "right":
            x -= round(font.getlength(text))
        elif align == "center":
            x -= round(font.getlength(text) / 2)
        self.draw.text((x, self.px(y_mm)), text, font=font, fill=self.ink(rgb))

    def wrap(self, text: str, pt: float, width_mm: float, bold: bool = False) -> list[str]:
        font, width = self.font(pt, bold), self.px(width_mm)
        lines: list[str] = []
        for raw in text.split("\n"):
            if "\t" in raw:  # a table row: text and a right-aligned amount, never wrapped
                lines.append(raw)
                continue
            line = ""
            for word in raw.split():
                candidate = f"{line} {word}" if line else word
                if line and font.getlength(candidate) > width:
                    lines.append(line)
                    line = word
                else:
                    line = candidate
            lines.append(line)
        return lines


_LEFT, _RIGHT, _TOP, _BOTTOM = 25.0, 190.0, 18.0, 272.0  # mm; text column 165 mm wide
_LINE = 11 * 1.3 * 25.4 / 72  # mm per body line: 11 pt type, 1.3 leading


def _render_page(letter: DemoLetter, page: int, dpi: int, colour: bool) -> tuple[Image.Image, float]:
    """Draw one page; returns the image and how far down (mm) the text went."""
    p = _Page(dpi, colour, letter.typeface)
    y = _TOP
    if page == 1:
        y = _draw_letterhead(p, letter)
    else:
        p.text(_LEFT, 12, f"{letter.sender_name} – {letter.subject}", pt=8, rgb=(90, 90, 90))
        y = 24.0
    for paragraph in letter.page_paragraphs(page):
        for line in p.wrap(paragraph, 11, _RIGHT - _LEFT):
            left, _, right = line.partition("\t")
            p.text(_LEFT, y, left)
            if right:
                p.text(_RIGHT, y, right, align="right")
            y += _LINE
        y += _LINE * 0.6
    if page == letter.page_count:
        y = _draw_signature(p, letter, y + _LINE * 0.4)
    if letter.page_count > 1:
        p.text(_RIGHT, 280, f"Side {page} af {letter.page_count}", pt=9, align="right")
    if page == 1 and letter.is_return_mail:
        _draw_return_stamp(p, letter)
    return p.image, y


def _draw_letterhead(p: _Page, letter: DemoLetter) -> float:
    """Sender, recipient window, date, subject and reference lines; returns where the body starts."""
    brand = MUNICIPALITY_COLOUR if letter.sender_kind == "municipality" else (150, 60, 20)
    if letter.sender_kind != "citizen":  # logo block top right, name in colour, coloured rule
        initials = "".join(w[0] for w in letter.sender_name.split()[:2]).upper()
        x0, x1 = p.px(_RIGHT - 26), p.px(_RIGHT)
        p.draw.rectangle((x0, p.px(_TOP), x1, p.px(_TOP + 16)), fill=p.ink(brand))
        p.text(_RIGHT - 13, _TOP + 3.5, initials, pt=20, bold=True, rgb=(255, 255, 255), align="center")
    name_rgb = brand if letter.sender_kind != "citizen" else _INK
    p.text(_LEFT, _TOP, letter.sender_name, pt=12 if letter.sender_kind != "citizen" else 11,
           bold=letter.sender_kind != "citizen", rgb=name_rgb)  # fmt: skip
    y = _TOP + 6
    for line in letter.sender_address:
        p.text(_LEFT, y, line, pt=10 if letter.sender_kind != "citizen" else 11)
        y += _LINE * (0.85 if letter.sender_kind != "citizen" else 0.95)
    if letter.sender_kind != "citizen":  # a coloured rule under the letterhead
        p.draw.rectangle((p.px(_LEFT), p.px(y + 1.5), p.px(_RIGHT), p.px(y + 2.1)), fill=p.ink(brand))

    y = 55.0  # the envelope window
    for line in letter.recipient_address:
        p.text(_LEFT, y, line)
        y += _LINE
    p.text(_RIGHT, 92, letter.date_line, align="right")

    y = 106.0
    for line in p.wrap(letter.subject, 12.5, _RIGHT - _LEFT, bold=True):
        p.text(_LEFT, y, line, pt=12.5, bold=True)
        y += _LINE * 1.15
    y += _LINE * 0.3
    if letter.case_number:
        p.text(_LEFT, y, f"{letter.case_label} {letter.case_number}")
        y += _LINE
    if letter.cpr:
        p.text(_LEFT, y, f"CPR-nr.: {letter.cpr}")
        y += _LINE
    return y + _LINE * 0.8


def _draw_signature(p: _Page, letter: DemoLetter, y: float) -> float:
    p.text(_LEFT, y, "Med venlig hilsen")
    y += _LINE * 1.2
    if letter.sender_kind != "company":  # a pen scribble in blue ink
        rng = np.random.default_rng(_seed(letter.sender_name, "signature"))
        t = np.linspace(0, 1, 240)
        loops = rng.uniform(3, 6) * 2 * np.pi  # cursive loops: the pen runs back a little each turn
        height = 3.0 + 1.5 * np.sin(t * rng.uniform(2, 5) + rng.uniform(0, 6))
        ys = y + 5 - height * np.cos(loops * t) * (1 - 0.4 * t) + 2.0 * t
        xs = _LEFT + 2 + t * rng.uniform(36, 50) + 1.6 * np.sin(loops * t) - 0.35 * (ys - y - 5)  # slant
        points = [(p.px(a), p.px(b)) for a, b in zip(xs, ys)]
        p.draw.line(points, fill=p.ink(_SIGNATURE_INK), width=max(1, p.px(0.45)), joint="curve")
        y += 11
    for line in letter.signature:
        p.text(_LEFT, y, line)
        y += _LINE
    return y


def _draw_return_stamp(p: _Page, letter: DemoLetter) -> None:
    """The post's rubber stamp: a box with RETUR and the reason, a little askew, across the header."""
    big, small = p.font(22, True, "sans"), p.font(12, True, "sans")
    pad = p.px(3)
    width = round(max(big.getlength(RETURN_STAMP[0]), small.getlength(RETURN_STAMP[1]))) + 2 * pad
    height = p.px(9.5) + p.px(5.5) + 2 * pad
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    draw.rectangle((0, 0, width - 1, height - 1), outline=230, width=max(2, p.px(0.8)))
    draw.text(((width - big.getlength(RETURN_STAMP[0])) / 2, pad), RETURN_STAMP[0], font=big, fill=230)
    draw.text(((width - small.getlength(RETURN_STAMP[1])) / 2, pad + p.px(10)), RETURN_STAMP[1],
              font=small, fill=230)  # fmt: skip
    angle = 4 + (_seed(letter.subject, letter.date) % 5)
    mask = mask.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    ink = Image.new(p.image.mode, mask.size, p.ink(_STAMP_INK))
    p.image.paste(ink, (p.px(112), p.px(50)), mask)


def _finish(image: Image.Image, mode: str, seed: int, paper: int = 5, sigma: float = 2.5) -> Image.Image:
    """Scanner look: paper slightly off white with grain; then the requested colour mode."""
    rng = np.random.default_rng(seed)
    tile = np.clip(rng.normal(128, sigma, (256, 256)), 0, 255).astype(np.uint8)
    w, h = image.size
    reps = (-(-h // 256), -(-w // 256))
    grain = np.tile(np.roll(tile, rng.integers(256), axis=1), reps)[:h, :w]
    noise = Image.fromarray(grain, "L")
    if image.mode == "RGB":
        noise = Image.merge("RGB", (noise, noise, noise))
    image = ImageChops.add(image, noise, 1.0, -128 - paper)
    target = _image_mode(mode)
    if target == "1":
        return image.convert("L").convert("1", dither=Image.Dither.NONE)
    return image if image.mode == target else image.convert(target)


def render_letter_page(letter: DemoLetter, page: int, dpi: int = 300, mode: str = "gray") -> Image.Image:
    """Page `page` (1-based) of `letter` as a scanned A4 image; mode gray/L, color/RGB, lineart/1."""
    if not 1 <= page <= letter.page_count:
        raise ValueError(f"page {page} out of range 1-{letter.page_count}")
    target = _image_mode(mode)
    image, _ = _render_page(letter, page, dpi, colour=target == "RGB")
    return _finish(image, target, _seed(letter.sender_name, letter.subject, letter.date, page, dpi))


def render_letter_pages(letter: DemoLetter, dpi: int = 300, mode: str = "gray") -> list[Image.Image]:
    """All pages of `letter`, A4 at `dpi`."""
    return [render_letter_page(letter, page, dpi, mode) for page in range(1, letter.page_count + 1)]


def render_blank_back(dpi: int = 300, mode: str = "gray", seed: int = 0) -> Image.Image:
    """The empty back of a single-sided sheet: paper grain, sometimes faint bleed-through, a speck."""
    target = _image_mode(mode)
    rng = random.Random(seed)
    w, h = a4_size(dpi)
    if rng.random() < 0.6:  # mirrored text lines of the front showing through, soft and very faint
        small = Image.new("L", (max(1, w // 8), max(1, h // 8)), 255)
        draw = ImageDraw.Draw(small)
        scale = small.width / A4_MM[0]
        y = rng.uniform(95, 120)
        while y < rng.uniform(170, 260):
            width = rng.uniform(60, 160)
            right = A4_MM[0] - 25  # mirrored: the front's left margin is on the back's right
            draw.rectangle(((right - width) * scale, y * scale, right * scale, (y + 2.2) * scale), fill=247)
            y += 5.0 if rng.random() < 0.8 else 8.0
        back = small.resize((w, h), Image.Resampling.BILINEAR)
    else:
        back = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(back)
    for _ in range(rng.randint(0, 2)):  # dust
        x, y, r = rng.uniform(0.05, 0.95) * w, rng.uniform(0.05, 0.95) * h, max(1, round(dpi / 200))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(150, 200))
    if target == "RGB":
        back = back.convert("RGB")
    return _finish(back, target, _seed("back", seed, dpi), paper=rng.randint(3, 7), sigma=2.0)
