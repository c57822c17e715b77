"""The objects of the flow: Article → Mention → Place → Itinerary → Leg → Analysis.

Every object is a frozen dataclass; coordinates are ``(lon, lat)`` in WGS84, as in
GeoJSON and shapely. The map and every export are views of an :class:`Analysis`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from routes import settings
from routes.geodesy import KM_PER_NMI, Coord, line_length_km

#: Transport modes a leg can have. ``direct`` is a great-circle line, not a route.
MODES: tuple[str, ...] = ("sea", "rail", "road", "air", "direct")


@dataclass(frozen=True)
class Article:
    """The text of a news article and what is known about it."""

    text: str
    language: str = "fr"
    title: str | None = None
    date: str | None = None  # ISO date when the source gives one
    source: str | None = None  # file name or "pasted"
    year: int | None = None  # the year of the events: from ``date``, or set by the user
    warnings: tuple[str, ...] = ()  # what reading the input found amiss (a byte that is no UTF-8)


@dataclass(frozen=True)
class Mention:
    """A span of the article that names a place.

    ``start`` and ``end`` are character offsets in :attr:`Article.text`
    (``text[start:end] == surface``).
    """

    start: int
    end: int
    surface: str
    sentence: str
    sentence_start: int = 0
    label: str = ""  # spaCy's label (LOC, GPE...) or "GAZ" for a gazetteer match


@dataclass(frozen=True)
class Place:
    """A resolved location."""

    name: str
    lon: float
    lat: float
    geonames_id: int | None = None
    country_code: str | None = None
    feature: str = "town"  # town, district, region, country, continent, point (a pole), custom
    population: int = 0
    confidence: float = 1.0
    alternatives: tuple[Place, ...] = ()

    @property
    def coord(self) -> Coord:
        return (self.lon, self.lat)


@dataclass(frozen=True)
class PlaceMention:
    """A mention with the place it resolves to, and its role in the story."""

    mention: Mention
    place: Place
    role: str = "mentioned"  # origin, destination, stop, country, mentioned


#: Places that are areas, not points: a district (county, département) or a region (state,
#: oblast). Each stands at a point near its middle.
AREA_FEATURES = frozenset({"district", "region"})


@dataclass(frozen=True)
class Stop:
    """A point where the shipment starts, changes mode or ends.

    ``label`` says what the stop is when it is more than the town, e.g.
    ``"dépôt de munitions près de Tikhoretsk"``.
    """

    place: Place
    label: str
    mention: Mention | None = None

    @property
    def name(self) -> str:
        """The stop as the article names it ("Najin"), else its place's name ("Rajin")."""
        return self.mention.surface if self.mention else self.place.name

    @property
    def written(self) -> str:
        """The stop as the article names it, with the gazetteer's name when that differs: "Najin (Rajin)"."""
        return self.name if self.name == self.place.name else f"{self.name} ({self.place.name})"


@dataclass(frozen=True)
class DateRange:
    """Dates the article gives for a leg; ``YYYY-MM-DD``, or ``--MM-DD`` with no year."""

    start: str | None
    end: str | None
    text: str = ""


@dataclass(frozen=True)
class LegPlan:
    """A leg as the article describes it, before routing."""

    origin: Stop
    destination: Stop
    mode: str  # one of MODES
    sentence: str
    mode_word: str = ""  # the word that gave the mode ("cargo", "train")
    dates: DateRange | None = None
    via: tuple[str, ...] = ()  # what the article says the leg passes, as written ("Kazakhstan", "the Bosphorus")
    via_countries: tuple[str, ...] = ()  # the countries among them (ISO 3166-1 alpha-2)


@dataclass(frozen=True)
class BorderQuestion:
    """The border the article measures a distance against."""

    country_code: str
    country_name: str
    sentence: str
    stop: Stop  # the place measured from


@dataclass(frozen=True)
class Claim:
    """A checkable figure the article gives, tied to its sentence."""

    text: str  # the words of the claim, e.g. "environ 290 kilomètres"
    sentence: str
    kind: str = "distance"  # distance, count, date, date range
    claimed_km: float | None = None
    about: str = ""  # what it measures: "border:UA", "leg:2" (the second leg), or "" when unknown
    value: float | None = None  # the number as written (290, 180 for "180 miles", 1000)
    unit: str = ""  # as written: "kilomètres", "miles", "conteneurs"
    qualifier: str = ""  # "about", "less than", "more than", or "" for a bare figure
    start: int = -1  # offset of the claim in the article's text


@dataclass(frozen=True)
class Itinerary:
    """The journey the article describes."""

    stops: tuple[Stop, ...]
    legs: tuple[LegPlan, ...]
    border: BorderQuestion | None = None
    claims: tuple[Claim, ...] = ()
    #: Countries and continents the article names as an end of the journey, with no stop in them:
    #: too wide to be a stop ("sailed to Antarctica"); the reading warnings say so.
    wide_ends: tuple[PlaceMention, ...] = ()


@dataclass(frozen=True)
class LegPiece:
    """A stretch of a routed leg.

    ``inferred`` pieces are not on the network's surveyed lines: a gap bridged between two
    parts of a network, or the link from a stop to the network. Maps dash them; exports
    flag them.
    """

    coords: tuple[Coord, ...]
    inferred: bool = False
    kind: str = "network"  # network, bridge (a gap between components), access (stop ↔ network)


@dataclass(frozen=True)
class Leg:
    """A routed leg: its geometry and length, and the network it came from.

    ``coords`` is the whole line from origin to destination; ``pieces`` (when the router
    gives them) cut it into network and inferred stretches. ``notes`` are plain sentences
    for the reader ("Najin's point is on land: the route starts at the nearest navigable
    water, 1.2 km away").
    """

    plan: LegPlan
    coords: tuple[Coord, ...]
    length_km: float
    drawn_as: str  # the mode actually drawn: "direct" for a great-circle line, else the network's mode
    network: str = "great circle (WGS84)"
    pieces: tuple[LegPiece, ...] = ()
    via: tuple[str, ...] = ()  # main junctions or waypoints passed, in order
    notes: tuple[str, ...] = ()

    @property
    def length_nmi(self) -> float:
        return self.length_km / KM_PER_NMI

    @property
    def inferred_km(self) -> float:
        """Length of the inferred pieces, km (0 when the router gives no pieces)."""
        return sum(line_length_km(p.coords) for p in self.pieces if p.inferred)


@dataclass(frozen=True)
class BorderMeasurement:
    """The shortest geodesic distance from a point to a country's border."""

    from_name: str
    point: Coord
    nearest: Coord
    country_code: str
    country_name: str
    distance_km: float
    boundary: str  # dataset and version, e.g. "Natural Earth 10m admin-0 v5.1.1"
    view: str = "internationally recognised borders"  # which boundary view
    part: str = "border (land or coast)"  # what was measured to: the whole border, land border, coastline
    border_kind: str = ""  # what the nearest point is on: "land border" or "coastline"
    near: str = ""  # the town nearest to the nearest border point, e.g. "Sedove (UA)"


@dataclass(frozen=True)
class RouteOptions:
    """How rail and road legs are routed (``routes.route.network``): arguments, never stored on a cached graph.

    Parameters
    ----------
    stay_in_country
        When both ends of a leg are in the same country, keep the whole leg in it (and
        in the countries of the via points). Off: any country the network reaches.
    avoid_countries
        ISO 3166-1 alpha-2 codes (any case) of countries no part of the leg may touch.
    via
        ``(lon, lat)`` points the leg must pass, in order.
    prefer_main_lines
        Prefer the network's named main lines (see ``routes.route.network``). Off: the
        plain shortest path.
    """

    stay_in_country: bool = True
    avoid_countries: tuple[str, ...] = ()
    via: tuple[Coord, ...] = ()
    prefer_main_lines: bool = True
    through_countries: tuple[str, ...] = ()  # countries the article says the leg passes: allowed to it


@dataclass(frozen=True)
class Speeds:
    """Speeds by mode, to turn routed lengths into travel times; :meth:`default` reads :mod:`routes.settings`."""

    sea_knots: float
    rail_kmh: float
    road_kmh: float
    air_kmh: float

    @classmethod
    def default(cls) -> Speeds:
        return cls(settings.speed_knots, settings.speed_rail_kmh, settings.speed_road_kmh, settings.speed_air_kmh)

    def kmh(self, mode: str) -> float:
        """The speed of a mode, km/h (a mode with no speed of its own goes at road speed)."""
        return {"sea": self.sea_knots * KM_PER_NMI, "rail": self.rail_kmh, "road": self.road_kmh,
                "air": self.air_kmh}.get(mode, self.road_kmh)

    def describe(self, mode: str) -> str:
        """The speed of a mode as people say it: "12 knots", "40 km/h"."""
        return f"{self.sea_knots:g} knots" if mode == "sea" else f"{self.kmh(mode):g} km/h"


@dataclass(frozen=True)
class LegTime:
    """When a leg ran and how fast, as far as the article's dates and the set speeds tell."""

    start: dt.date | None
    end: dt.date | None
    travel_days: float  # at the set speed for its mode
    speed_kmh: float  # the set speed used for travel_days
    implied_kmh: float | None  # routed length over the days the article's dates span
    span_days: int | None = None  # days the article's dates span, both counted (7 Sept–1 Oct: 25)
    sentence: str = ""  # the whole of it in one plain sentence, for popups and the page

    @property
    def implied_knots(self) -> float | None:
        return None if self.implied_kmh is None else self.implied_kmh / KM_PER_NMI


@dataclass(frozen=True)
class ClaimCheck:
    """A claim of the article set beside what the tool computed for the same thing."""

    claim: Claim
    computed_km: float | None  # None: nothing computed measures what the claim measures
    difference_km: float | None  # computed − claimed
    difference_pct: float | None  # of the claimed value
    agrees: bool | None  # None: not checked
    sentence: str  # a plain sentence a reporter could use
    readings: tuple[tuple[str, float], ...] = ()  # other readings: (what, km)


@dataclass(frozen=True)
class ViewOptions:
    """How an analysis is shown: the one input of every view (map, images, files, story, page).

    Parameters
    ----------
    speeds
        Speeds by mode for the travel times (by default :mod:`routes.settings`'s).
    year
        The year of the events, for dates the article gives as day and month; None keeps the
        analysis's (the article's own date, when it has one).
    title, subtitle
        Printed above an image or the HTML map; None: from the analysis (the headline, else
        the journey; the legs' lengths and the border distance).
    rings
        Distance rings to draw: ``(label, (lon, lat), radii in km)`` each, geodesic.
    size, scale
        An image's width and height in CSS pixels, and its pixel density (PNG).
    """

    speeds: Speeds = field(default_factory=Speeds.default)
    year: int | None = None
    title: str | None = None
    subtitle: str | None = None
    rings: tuple[tuple[str, Coord, tuple[float, ...]], ...] = ()
    size: tuple[int, int] = (1200, 800)
    scale: int = 1


@dataclass(frozen=True)
class Analysis:
    """Everything found and measured for one article, frozen: the finished answer, which views only read."""

    article: Article
    places: tuple[PlaceMention, ...]
    itinerary: Itinerary
    legs: tuple[Leg, ...]
    border: BorderMeasurement | None = None
    warnings: tuple[str, ...] = field(default=())
    border_readings: tuple[BorderMeasurement, ...] = ()  # every view and part, the default first
    options: RouteOptions = field(default_factory=lambda: RouteOptions())  # how the legs were routed
    times: tuple[LegTime, ...] = ()  # one per leg, at ``speeds`` and the article's year
    checks: tuple[ClaimCheck, ...] = ()  # one per claim of the itinerary, in its order
    speeds: Speeds = field(default_factory=Speeds.default)  # the speeds ``times`` were computed at

    @property
    def unrouted(self) -> tuple[LegPlan, ...]:
        """The itinerary's legs that could not be routed, in order (:attr:`warnings` says why)."""
        routed = {id(leg.plan) for leg in self.legs}
        return tuple(plan for plan in self.itinerary.legs if id(plan) not in routed)
