"""French: the words the text reader needs (lemmas, lowercase). Months and units come from CLDR."""

MODE_WORDS = {
    "sea": ("cargo", "navire", "bateau", "porte-conteneurs", "ferry", "pétrolier", "vraquier", "mer", "maritime",
            "cargo maritime", "caboteur", "barge", "roulier", "paquebot", "minéralier", "chalutier", "voie maritime",
            "méthanier", "bâtiment", "transbordeur", "navire-citerne", "brise-glace"),
    "rail": ("train", "ferroviaire", "rail", "wagon", "chemin de fer", "locomotive", "convoi ferroviaire",
             "voie ferrée", "fret ferroviaire"),
    "road": ("camion", "route", "routier", "poids lourd", "poids lourds", "semi-remorque", "autoroute",
             "convoi routier", "camionnette", "remorque"),
    "air": ("avion", "aérien", "vol", "cargo aérien", "pont aérien", "appareil", "avion-cargo", "voie aérienne"),
}
MODE_VERBS = {"sea": ("naviguer", "appareiller"), "rail": (), "road": ("camionner",),
              "air": ("voler", "aéroporter", "décoller", "atterrir")}
LEAVE = ("quitter", "partir", "parti", "appareiller", "larguer", "sortir", "décoller", "relier")
LOAD = ("charger", "chargé", "embarquer")
ARRIVE = ("arriver", "atteindre", "rejoindre", "accoster", "parvenir", "toucher", "gagner", "entrer", "atterrir",
          "mouiller", "aborder")
UNLOAD = ("décharger", "débarquer", "livrer")
CARRY = ("transporter", "acheminer", "convoyer", "emmener", "envoyer", "expédier", "transférer", "conduire",
         "amener", "apporter", "rallier", "rouler", "voyager", "transiter", "repartir", "transborder")
ORIGIN = ("de", "d'", "du", "des", "depuis", "en provenance de", "en provenance d'", "au départ de",
          "au départ d'", "à partir de", "à partir d'")
DESTINATION = ("à", "au", "aux", "vers", "jusqu'à", "jusqu'au", "jusqu'aux", "pour", "en direction de",
               "en direction d'", "à destination de", "à destination d'", "à destination du", "en route vers",
               "direction")
AT = ("à", "au", "aux", "dans", "en", "sur")
NEAR = ("près de", "près d'", "non loin de", "non loin d'", "à proximité de", "à proximité d'", "aux abords de",
        "aux abords d'", "aux environs de", "aux environs d'", "aux portes de", "dans la région de",
        "à côté de", "à la périphérie de", "en périphérie de", "dans les environs de")
VIA = ("via", "par", "en passant par", "à travers", "en traversant", "traversant", "transitant par", "par le",
       "par la")
FROM_THERE = ("d'où", "d’où", "depuis où", "de là", "depuis là", "de là-bas", "depuis ce port", "de ce port")
BORDER = ("frontière", "frontières")
#: Units written otherwise than CLDR writes them, and words for a thousand.
UNITS = {"milles nautiques": "nmi", "mille nautique": "nmi", "milles": "nmi", "mille": "nmi", "nq": "nmi"}
THOUSAND = ("mille",)
ABOUT = ("environ", "près de", "quelque", "quelques", "approximativement", "presque", "à peu près", "autour de",
         "un peu plus de", "un peu moins de", "grosso modo", "à quelque")
LESS_THAN = ("moins de", "moins d'", "à peine", "pas plus de", "au plus", "à moins de", "à moins d'",
             "jusqu'à", "tout au plus")
MORE_THAN = ("plus de", "plus d'", "au moins", "au-delà de", "à plus de", "à plus d'", "pas moins de")
RANGE_OPEN = ("entre", "du", "de")
RANGE_JOIN = ("et", "au", "à", "-", "–")
ORDINAL = ("er", "e", "re")
DATE_BEFORE = ("le",)
ARTICLES = ("le", "la", "les", "l'", "du", "des", "au", "aux")
HONORIFICS = ("m", "mme", "mlle", "monsieur", "madame", "président", "ministre", "général")
DIRECTIONS = ("nord", "sud", "est", "ouest")
#: Points of the compass, as lemmas: between a distance and its landmark ("100 km north of Helsinki").
COMPASS = ("nord", "sud", "est", "ouest", "nord-est", "nord-ouest", "sud-est", "sud-ouest")
#: Words before the goods a vehicle carries ("a train with 60 tractors"): a transport word after them is cargo.
WITH = ("avec", "transportant")
PLACE_WORDS = ("ville", "région", "province", "île", "îles", "fleuve", "rivière", "lac", "baie", "mer", "golfe",
               "détroit", "mont", "montagne", "vallée", "port", "péninsule", "côte", "océan", "désert", "canal",
               "aéroport", "rue", "avenue", "boulevard", "place", "pont", "gare", "département", "comté", "état")
CONNECTORS = ("du", "de", "des", "la", "le", "sur")
REGION_BEFORE = ("kraï", "krai", "oblast", "région", "province", "département", "état", "comté", "district")
REGION_JOIN = ("de", "du", "des", "d'")
REGION_AFTER = ("kraï",)
PORT_BEFORE = ("port", "terminal")
PORT_JOIN = ("de", "du", "d'")
PORT_AFTER = ("port", "Port")
#: Words of origin that also join a noun to its name ("le port de Rouen"): after a noun, no origin.
GENITIVE = ("de", "d'", "du", "des")
#: Particles a verb leaves at the end of its clause ("legte ... ab": ablegen).
SEPARABLE = ()
#: Verbs of making or finding goods: where they were made is where they set out from ("mined in Kemerovo").
PRODUCE = ("produire", "fabriquer", "extraire", "récolter", "cultiver", "collecter", "assembler", "construire",
           "raffiner", "stocker", "entreposer")
#: Endings of a country's adjective ("polnischen" for Polen, «литовской» for Литва).
ADJECTIVE_ENDINGS = ("e", "es", "ais", "aise", "ien", "ienne", "ois", "oise", "ain", "aine", "an", "ane", "in", "ine")
#: Words for a strait or a canal: a place named with one is a waterway passed ("détroit de Gibraltar",
#: "Suez Canal"), not a stop.
WATERWAYS = ("détroit", "canal", "manche", "golfe", "mer", "baie", "fleuve", "pas")
#: Words that are numbers, as approximate as "about" ("une vingtaine de kilomètres").
NUMBER_WORDS = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
                "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000}
#: Words that join two places of one role ("the ports of Abidjan and San-Pédro").
CONJUNCTIONS = ("et", "ou", "puis")
#: Nouns for a journey: a distance said of one is the length of the leg told ("a voyage of about 450 nmi").
JOURNEY = ("trajet", "voyage", "traversée", "parcours", "périple", "route", "transit", "vol", "liaison", "course",
           "itinéraire")
