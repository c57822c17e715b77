"""German: the words the text reader needs (lemmas, lowercase). Months and units come from CLDR."""

MODE_WORDS = {
    "sea": ("schiff", "frachter", "frachtschiff", "seeweg", "see", "containerschiff", "tanker", "fähre", "frachtkahn",
            "massengutfrachter", "kahn", "schlepper", "küstenmotorschiff", "feeder", "feederschiff", "seefracht",
            "schiffsweg", "binnenschiff", "autotransporter", "ro-ro-fähre", "schiffe", "meer", "eisbrecher"),
    "rail": ("zug", "bahn", "eisenbahn", "güterzug", "waggon", "schiene", "schienenweg", "containerzug", "lok",
             "lokomotive", "ganzzug", "bahnweg", "güterwagen", "kesselwagen", "zugverbindung"),
    "road": ("lkw", "lastwagen", "straße", "konvoi", "laster", "sattelzug", "lastkraftwagen", "autobahn",
             "straßenweg", "tieflader", "landweg", "brummi", "sattelschlepper", "lkws"),
    "air": ("flugzeug", "flug", "luftweg", "frachtflugzeug", "luftbrücke", "maschine", "frachtmaschine", "luftfracht"),
}
MODE_VERBS = {"sea": ("verschiffen", "segeln", "auslaufen"), "rail": (), "road": (),
              "air": ("fliegen", "ausfliegen", "abheben", "landen")}
LEAVE = ("verlassen", "ablegen", "auslaufen", "abfahren", "starten", "losfahren", "aufbrechen", "abheben",
         "ausfahren", "verließ")
LOAD = ("verladen", "laden", "beladen", "einschiffen", "aufladen", "umschlagen", "verschiffen")
ARRIVE = ("erreichen", "ankommen", "einlaufen", "anlegen", "eintreffen", "landen", "festmachen", "ankern",
          "erreichte")
UNLOAD = ("entladen", "löschen", "ausladen", "abladen", "anlanden")
CARRY = ("bringen", "transportieren", "befördern", "liefern", "schicken", "fahren", "weiterleiten", "reisen",
         "überführen", "weitertransportieren", "weiterfahren", "karren", "senden", "versenden", "transferieren")
ORIGIN = ("von", "vom", "aus", "ab")
DESTINATION = ("nach", "zu", "zum", "zur", "bis", "bis nach", "bis zum", "bis zur", "in richtung", "richtung",
               "mit ziel", "mit kurs auf", "ins", "in den", "in die", "an den", "an die")
AT = ("in", "im", "bei", "am", "an")
NEAR = ("bei", "nahe", "in der nähe von", "nahe bei", "unweit", "unweit von", "vor den toren von", "nahe der",
        "nahe dem", "im umland von", "außerhalb von", "nördlich von", "südlich von", "östlich von", "westlich von")
VIA = ("über", "durch", "via", "quer durch", "entlang")
FROM_THERE = ("von wo", "von wo aus", "von dort", "von da", "von dort aus", "von hier", "von dort weiter", "dort",
              "anschließend")
BORDER = ("grenze", "grenzen")
#: Units written otherwise than CLDR writes them, and words for a thousand.
UNITS = {"kilometern": "km", "seemeile": "nmi", "sm": "nmi", "meilen": "mi"}
THOUSAND = ("tausend", "tsd.", "tsd")
ABOUT = ("etwa", "rund", "ungefähr", "circa", "ca.", "knapp", "fast", "gut", "annähernd", "zirka", "beinahe",
         "gegen")
LESS_THAN = ("weniger als", "unter", "nicht mehr als", "bis zu", "höchstens", "kaum", "keine")
MORE_THAN = ("mehr als", "über", "mindestens", "gut", "weit über", "nicht weniger als")
RANGE_OPEN = ("zwischen", "vom", "von")
RANGE_JOIN = ("und", "bis", "zum", "-", "–")
ORDINAL = (".",)
DATE_BEFORE = ("am",)
ARTICLES = ("der", "die", "das", "dem", "den", "des", "im", "am", "zum", "zur", "vom")
HONORIFICS = ("herr", "frau", "präsident", "kanzler")
DIRECTIONS = ("nord", "süd", "ost")
#: Points of the compass, as lemmas: between a distance and its landmark ("100 km north of Helsinki").
COMPASS = ("norden", "süden", "osten", "westen", "nordosten", "nordwesten", "südosten", "südwesten", "nördlich",
           "südlich", "östlich", "westlich", "nordöstlich", "nordwestlich", "südöstlich", "südwestlich")
#: Words before the goods a vehicle carries ("a train with 60 tractors"): a transport word after them is cargo.
WITH = ("mit",)
PLACE_WORDS = ("stadt", "region", "provinz", "insel", "inseln", "fluss", "see", "bucht", "meer", "golf", "meerenge",
               "berg", "gebirge", "tal", "hafen", "halbinsel", "küste", "ozean", "wüste", "kanal", "flughafen",
               "straße", "platz", "brücke", "bahnhof", "bezirk", "kreis", "land", "bundesland")
CONNECTORS = ("am", "an", "der")
REGION_BEFORE = ("provinz", "bundesland")
REGION_JOIN = ("von", "der")
REGION_AFTER = ()
PORT_BEFORE = ("hafen", "terminal")
PORT_JOIN = ("von",)
PORT_AFTER = ("hafen", "Hafen")
#: Words of origin that also join a noun to its name ("le port de Rouen"): after a noun, no origin.
GENITIVE = ("von",)
#: Particles a verb leaves at the end of its clause ("legte ... ab": ablegen).
SEPARABLE = ("ab", "an", "auf", "aus", "ein", "los", "fest", "weiter", "zurück", "um", "vor", "zu", "durch", "über")
#: Verbs of making or finding goods: where they were made is where they set out from ("mined in Kemerovo").
PRODUCE = ("herstellen", "produzieren", "fördern", "abbauen", "ernten", "anbauen", "bauen", "montieren",
           "raffinieren", "lagern", "sammeln")
#: Endings of a country's adjective ("polnischen" for Polen, «литовской» for Литва).
ADJECTIVE_ENDINGS = ("isch", "ische", "ischen", "ischer", "isches", "er")
#: Words for a strait or a canal: a place named with one is a waterway passed ("détroit de Gibraltar",
#: "Suez Canal"), not a stop.
WATERWAYS = ("straße", "meerenge", "kanal", "sund", "golf", "meer", "bucht", "fluss", "belt")
#: Words that are numbers, as approximate as "about" ("une vingtaine de kilomètres").
NUMBER_WORDS = {"dutzend": 12, "hundert": 100}
#: Words that join two places of one role ("the ports of Abidjan and San-Pédro").
CONJUNCTIONS = ("und", "oder", "sowie")
#: Nouns for a journey: a distance said of one is the length of the leg told ("a voyage of about 450 nmi").
JOURNEY = ("strecke", "fahrt", "reise", "überfahrt", "route", "weg", "flug", "transport", "tour", "etappe", "passage",
           "verbindung")
