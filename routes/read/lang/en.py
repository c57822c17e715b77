"""English: the words the text reader needs (lemmas, lowercase). Months and units come from CLDR."""

#: Nouns and adjectives that give a leg's mode, as lemmas.
MODE_WORDS = {
    "sea": ("ship", "vessel", "freighter", "boat", "tanker", "ferry", "sea", "maritime", "barge", "carrier",
            "bulker", "containership", "feeder", "coaster", "ro-ro", "sealift", "cargo ship", "container ship",
            "bulk carrier", "icebreaker"),
    "rail": ("train", "rail", "railway", "railroad", "wagon", "railcar", "locomotive", "freight train", "rail link"),
    "road": ("truck", "lorry", "road", "convoy", "trailer", "highway", "motorway", "trucker", "semi-trailer"),
    "air": ("plane", "aircraft", "flight", "air", "airlift", "cargo plane", "jet", "airliner", "freighter plane"),
}
#: Verbs that carry a mode of their own ("shipped", "trucked", "flew"), as lemmas.
MODE_VERBS = {"sea": ("sail", "ship", "steam"), "rail": ("rail",), "road": ("truck", "drive"),
              "air": ("fly", "airlift", "airlifted", "flown", "take off", "touch down")}
#: Verbs of leaving: the place right after, or after a word of origin, is where a leg starts.
LEAVE = ("leave", "left", "depart", "set", "cast", "sail", "exit", "quit")
#: Verbs of loading: the place is where a leg starts ("loaded at Rajin").
LOAD = ("load", "embark", "board", "stow")
#: Verbs of arriving: the place is where a leg ends ("docked in Latakia").
ARRIVE = ("arrive", "reach", "dock", "berth", "call", "land", "moor", "enter", "pull", "touch")
#: Verbs of unloading: the place is where a leg ends and the next may start ("unloaded at Gdańsk").
UNLOAD = ("unload", "offload", "discharge", "disembark", "unship")
#: Verbs of carrying: "from X to Y" after them is a leg.
CARRY = ("carry", "transport", "ship", "haul", "bring", "send", "deliver", "truck", "ferry", "forward",
         "transfer", "convey", "dispatch", "fly", "airlift", "rail", "reroute", "transit", "tow", "drive")
#: Words of origin before a place.
ORIGIN = ("from", "out of")
#: Words of destination before a place.
DESTINATION = ("to", "towards", "toward", "into", "for", "bound for", "onward to", "onwards to", "on to", "onto",
               "destined for", "en route to")
#: Words of location before a place ("at", "in"): the verb decides whether it starts or ends a leg.
AT = ("at", "in", "inside")
#: Words that make the place a landmark of the stop before it ("a depot near Tikhoretsk").
NEAR = ("near", "outside", "close to", "not far from", "on the outskirts of", "next to", "nearby", "just outside",
        "in the vicinity of", "around")
#: Words of passing through: the place is a constraint of the leg, not a stop.
VIA = ("via", "through", "across", "by way of", "passing through", "transiting", "transited", "crossing", "past")
#: Words that start a leg where the last one ended.
FROM_THERE = ("from where", "whence", "from there", "thence", "from here", "from that port", "from the port",
              "onward", "onwards")
#: Nouns of a border.
BORDER = ("border", "frontier", "borders")
#: Units written otherwise than CLDR writes them, and words for a thousand ("6 тыс. км").
UNITS = {"kilometres": "km", "kilometre": "km", "kms": "km", "nm": "nmi", "nautical mile": "nmi",
         "nautical miles": "nmi"}
THOUSAND = ("thousand",)
#: Words before a figure that make it approximate.
ABOUT = ("about", "around", "some", "roughly", "approximately", "nearly", "almost", "an estimated", "approx",
         "close to", "circa", "just over", "just under", "more or less")
#: Words before a figure that make it an upper bound.
LESS_THAN = ("less than", "under", "within", "fewer than", "no more than", "up to", "barely", "below", "not more than")
#: Words before a figure that make it a lower bound.
MORE_THAN = ("more than", "over", "at least", "upwards of", "in excess of", "no less than", "beyond", "above")
#: Words that open and join a range of dates ("between 2 and 19 November", "from May 3 to May 7").
RANGE_OPEN = ("between", "from")
RANGE_JOIN = ("and", "to", "until", "till", "through", "-", "–")
#: What may follow a day's number ("1st", "22nd").
ORDINAL = ("st", "nd", "rd", "th")
#: Words before a date that say it is the day something happened ("on 3 May").
DATE_BEFORE = ("on",)
#: Determiners that may come before a name (a name so preceded is no town unless it bears them: "The Hague").
ARTICLES = ("the",)
#: Titles before a person's name.
HONORIFICS = ("mr", "mrs", "ms", "miss", "dr", "prof", "sir", "lord", "lady", "dame", "president", "minister",
              "secretary", "senator", "sen", "rep", "gov", "governor", "mayor", "judge", "justice", "king",
              "queen", "prince", "princess", "pope", "general", "gen", "col", "lt", "capt", "sgt", "officer",
              "chancellor", "premier", "ambassador", "commissioner", "chief", "director", "saint")
#: Words that may come before a place's name inside its capitalised run ("North Korea").
DIRECTIONS = ("north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "middle",
              "upper", "lower", "greater", "northeast", "northwest", "southeast", "southwest", "downtown")
#: Points of the compass, as lemmas: between a distance and its landmark ("100 km north of Helsinki").
COMPASS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
           "north-west", "south-east", "south-west", "northerly", "southerly", "easterly", "westerly")
#: Words before the goods a vehicle carries ("a train with 60 tractors"): a transport word after them is cargo.
WITH = ("with", "carrying")
#: Kinds of feature named after a place ("Hudson River", "Orange County", "Moscow Oblast").
PLACE_WORDS = ("county", "city", "state", "province", "island", "islands", "river", "lake", "bay", "sea",
               "gulf", "strait", "mountains", "mountain", "mount", "valley", "region", "oblast", "krai",
               "district", "port", "harbour", "harbor", "peninsula", "coast", "ocean", "desert", "canal",
               "airport", "street", "avenue", "road", "park", "square", "bridge", "station", "township",
               "parish", "borough", "village", "town", "falls", "beach", "hills", "forest", "centre", "center")
#: Small words inside a place's name ("Rostov-on-Don", "Stratford-upon-Avon").
CONNECTORS = ("of", "the", "-", "on", "upon")
#: Words for a region right before a name, with the word that joins them ("province of Ontario").
REGION_BEFORE = ("region", "state", "county", "district", "province", "oblast", "krai")
REGION_JOIN = ("of",)
#: Words for a region right after a name ("Washington state", "Moscow region").
REGION_AFTER = ("state", "province", "region", "oblast", "krai", "county", "district", "prefecture")
#: Words for a port before a name, with the word that joins them ("the port of Taman"), and after it.
PORT_BEFORE = ("port", "harbour", "harbor", "terminal")
PORT_JOIN = ("of",)
PORT_AFTER = ("port", "Port", "harbour", "harbor", "terminal", "Terminal")
#: Words of origin that also join a noun to its name ("le port de Rouen"): after a noun, no origin.
GENITIVE = ()
#: Particles a verb leaves at the end of its clause ("legte ... ab": ablegen).
SEPARABLE = ()
#: Verbs of making or finding goods: where they were made is where they set out from ("mined in Kemerovo").
PRODUCE = ("make", "made", "produce", "mine", "grow", "harvest", "manufacture", "build", "built", "assemble",
           "collect", "refine", "extract", "fell", "store", "stockpile")
#: Endings of a country's adjective ("polnischen" for Polen, «литовской» for Литва).
ADJECTIVE_ENDINGS = ("ian", "ish", "ese", "an", "i", "ic")
#: Words for a strait or a canal: a place named with one is a waterway passed ("détroit de Gibraltar",
#: "Suez Canal"), not a stop.
WATERWAYS = ("strait", "straits", "canal", "channel", "sound", "passage", "gulf", "sea", "bay", "river")
#: Words that are numbers, as approximate as "about" ("une vingtaine de kilomètres").
NUMBER_WORDS = {"dozen": 12, "score": 20, "hundred": 100}
#: Words that join two places of one role ("the ports of Abidjan and San-Pédro").
CONJUNCTIONS = ("and", "or", "as well as")
#: Nouns for a journey: a distance said of one is the length of the leg told ("a voyage of about 450 nmi").
JOURNEY = ("voyage", "journey", "trip", "crossing", "passage", "route", "run", "haul", "drive", "ride", "transit",
           "leg", "sailing", "flight", "trek")
