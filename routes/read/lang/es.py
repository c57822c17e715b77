"""Spanish: the words the text reader needs (lemmas, lowercase). Months and units come from CLDR."""

MODE_WORDS = {
    "sea": ("barco", "buque", "carguero", "navío", "mar", "marítimo", "marítima", "portacontenedores", "ferry",
            "petrolero", "granelero", "barcaza", "nave", "embarcación", "transbordador", "mercante", "vía marítima",
            "metanero", "gasero", "bulkcarrier", "remolcador", "rompehielos"),
    "rail": ("tren", "ferrocarril", "ferroviario", "ferroviaria", "vagón", "locomotora", "vía férrea",
             "convoy ferroviario", "tren de mercancías"),
    "road": ("camión", "carretera", "tráiler", "camioneta", "autopista", "vía terrestre", "terrestre",
             "tractocamión", "rastra", "gandola", "camionero"),
    "air": ("avión", "vuelo", "aéreo", "aérea", "aeronave", "puente aéreo", "carguero aéreo", "vía aérea"),
}
MODE_VERBS = {"sea": ("navegar", "zarpar"), "rail": (), "road": (),
              "air": ("volar", "aerotransportar", "despegar", "aterrizar")}
LEAVE = ("zarpar", "partir", "salir", "abandonar", "dejar", "despegar", "levar", "soltar")
LOAD = ("cargar", "embarcar")
ARRIVE = ("llegar", "atracar", "arribar", "alcanzar", "tocar", "fondear", "aterrizar", "entrar", "recalar")
UNLOAD = ("descargar", "desembarcar", "desestibar", "entregar")
CARRY = ("transportar", "trasladar", "llevar", "enviar", "conducir", "despachar", "remitir", "viajar",
         "transitar", "reexpedir", "distribuir", "acarrear")
ORIGIN = ("de", "del", "desde", "procedente de", "procedente del", "proveniente de", "con origen en")
DESTINATION = ("a", "al", "hasta", "hacia", "para", "rumbo a", "rumbo al", "con destino a", "con destino al",
               "en dirección a", "destino a")
AT = ("en",)
NEAR = ("cerca de", "cerca del", "a las afueras de", "en las afueras de", "junto a", "próximo a", "próxima a",
        "en las inmediaciones de", "en los alrededores de", "a las puertas de", "en la zona de", "no lejos de")
VIA = ("por", "vía", "a través de", "a través del", "pasando por", "atravesando", "cruzando", "por el", "por la")
FROM_THERE = ("desde donde", "de donde", "desde el cual", "desde la cual", "desde allí", "desde ahí", "de allí",
              "desde allá", "desde ese puerto", "desde este puerto")
BORDER = ("frontera", "fronteras")
#: Units written otherwise than CLDR writes them, and words for a thousand.
UNITS = {"millas marinas": "nmi", "milla marina": "nmi", "mn": "nmi"}
THOUSAND = ("mil",)
ABOUT = ("unos", "unas", "alrededor de", "cerca de", "aproximadamente", "casi", "en torno a", "aproximados",
         "poco más de", "poco menos de", "algo más de", "algo menos de", "a unos", "a unas")
LESS_THAN = ("menos de", "a menos de", "no más de", "hasta", "apenas", "como máximo", "a lo sumo")
MORE_THAN = ("más de", "al menos", "por lo menos", "a más de", "no menos de", "como mínimo")
RANGE_OPEN = ("entre", "del", "desde", "de")
RANGE_JOIN = ("y", "al", "hasta", "a", "-", "–")
ORDINAL = ("º", "°", "o")
DATE_BEFORE = ("el",)
ARTICLES = ("el", "los", "las", "la", "del", "al")
HONORIFICS = ("sr", "sra", "señor", "señora", "don", "doña", "presidente")
DIRECTIONS = ("norte", "sur")
#: Points of the compass, as lemmas: between a distance and its landmark ("100 km north of Helsinki").
COMPASS = ("norte", "sur", "este", "oeste", "noreste", "nordeste", "noroeste", "sureste", "sudeste", "suroeste",
           "sudoeste")
#: Words before the goods a vehicle carries ("a train with 60 tractors"): a transport word after them is cargo.
WITH = ("con", "transportando")
PLACE_WORDS = ("ciudad", "región", "provincia", "isla", "islas", "río", "lago", "bahía", "mar", "golfo", "estrecho",
               "monte", "montaña", "valle", "puerto", "península", "costa", "océano", "desierto", "canal",
               "aeropuerto", "calle", "avenida", "plaza", "puente", "estación", "departamento", "condado", "estado")
CONNECTORS = ("de", "del", "la")
REGION_BEFORE = ("estado", "provincia", "región", "departamento", "condado")
REGION_JOIN = ("de", "del")
REGION_AFTER = ()
PORT_BEFORE = ("puerto", "terminal")
PORT_JOIN = ("de", "del")
PORT_AFTER = ()
#: Words of origin that also join a noun to its name ("le port de Rouen"): after a noun, no origin.
GENITIVE = ("de", "del")
#: Particles a verb leaves at the end of its clause ("legte ... ab": ablegen).
SEPARABLE = ()
#: Verbs of making or finding goods: where they were made is where they set out from ("mined in Kemerovo").
PRODUCE = ("producir", "fabricar", "extraer", "cosechar", "cultivar", "recolectar", "ensamblar", "construir",
           "refinar", "almacenar")
#: Endings of a country's adjective ("polnischen" for Polen, «литовской» for Литва).
ADJECTIVE_ENDINGS = ("o", "a", "os", "as", "ano", "ana", "és", "esa", "eño", "eña", "ense", "í", "ino", "ina")
#: Words for a strait or a canal: a place named with one is a waterway passed ("détroit de Gibraltar",
#: "Suez Canal"), not a stop.
WATERWAYS = ("estrecho", "canal", "golfo", "mar", "bahía", "río", "paso")
#: Words that are numbers, as approximate as "about" ("une vingtaine de kilomètres").
NUMBER_WORDS = {"decena": 10, "docena": 12, "veintena": 20, "treintena": 30, "cuarentena": 40, "centenar": 100,
                "millar": 1000}
#: Words that join two places of one role ("the ports of Abidjan and San-Pédro").
CONJUNCTIONS = ("y", "e", "o")
#: Nouns for a journey: a distance said of one is the length of the leg told ("a voyage of about 450 nmi").
JOURNEY = ("trayecto", "viaje", "travesía", "recorrido", "ruta", "tránsito", "vuelo", "camino", "itinerario", "periplo")
