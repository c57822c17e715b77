"""Words of place names in languages the reader does not read, which names still carry.

Italian's "di" ("Reggio di Calabria"), and words for a region written straight before the
name ("área Metropolitana", "regione Lombardia").
"""

CONNECTORS = ("di",)
REGION_BEFORE_BARE = ("área", "region", "regione")
