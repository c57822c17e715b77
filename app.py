"""The Streamlit page: widgets in, ``routes`` calls, ``st_folium`` out. No logic here.

The view's settings (geocoder, year, speeds, rings, teaching step) live in the URL, so a
view can be shared by its address.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit_folium import st_folium

import routes
from routes import boundaries, editing, settings
from routes.model import MODES
from routes.show import assets, captions, export, mapview, story, textview
from routes.show.markdown import literal
from routes.show.png import browser_available
from routes.workers import AnalysisPool

#: The article's text (HTML escaped by routes.show.textview) under the key to its highlights; a place name
#: clicked, or pressed with Enter or Space once reached with Tab, tells the page.
ARTICLE_JS = """
export default function(component) {
    const { data, setTriggerValue, parentElement } = component;
    let key = parentElement.querySelector("div.article-key");
    let root = parentElement.querySelector("div.article");
    if (!root) {
        key = document.createElement("div");
        key.className = "article-key";
        root = document.createElement("div");
        root.className = "article";
        parentElement.append(key, root);
    }
    key.innerHTML = data.key;
    root.style.cssText = `max-height:${data.height}px;overflow:auto;line-height:1.5`;
    root.innerHTML = data.html;
    root.querySelectorAll("mark.place").forEach((mark) => {
        mark.style.cursor = "pointer";
        mark.onclick = () => setTriggerValue("place", mark.dataset.start);
        mark.onkeydown = (event) => {
            if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();  // Space would scroll the article
                setTriggerValue("place", mark.dataset.start);
            }
        };
    });
}
"""
article_text = st.components.v2.component("routes_article", js=ARTICLE_JS, isolate_styles=False)
#: The page's Content Security Policy (routes.show.assets.page_policy), set in its head once: Streamlit
#: sends no such header, and a policy in a <meta> governs whatever loads after it.
POLICY_JS = """
export default function(component) {
    if (document.head.querySelector("meta[http-equiv='Content-Security-Policy']")) return;
    const meta = document.createElement("meta");
    meta.httpEquiv = "Content-Security-Policy";
    meta.content = component.data.policy;
    document.head.prepend(meta);
}
"""
content_policy = st.components.v2.component("routes_policy", js=POLICY_JS)
ASSET_URL = "/app/static/"  # Streamlit serves ./static (the vendored assets) here
MAP_HEIGHT = 620
#: The image sizes offered for export, in CSS pixels.
#: The presets first (a 620 px column, full width, a square, an A4 page), then other shapes.
IMAGE_SIZES = {**{f"{p.label} ({p.size[0]} × {p.size[1]})": p.size for p in export.PRESETS.values()},
               "1600 × 900 (16:9)": (1600, 900), "800 × 1000 (portrait)": (800, 1000),
               "2400 × 1600 (print)": (2400, 1600)}

if __name__ == "__main__":
    st.set_page_config(page_title="Shipment routes from the news", page_icon="🚢", layout="wide")
url = st.query_params


@st.cache_resource
def analysis_pool() -> AnalysisPool:
    """Worker processes for the analyses, each within its budget: one article holds one worker, not the server."""
    return AnalysisPool()


@st.cache_data(show_spinner="Reading the article, finding the places, routing the legs…", max_entries=32)
def analyze(data: bytes, name: str, geocoder: str, options: routes.RouteOptions) -> routes.Analysis:
    session = get_script_run_ctx()
    runtime = st.runtime.get_instance() if st.runtime.exists() else None

    def session_ended() -> bool:
        return runtime is not None and session is not None and not runtime.is_active_session(session.session_id)

    return analysis_pool().analyze(data, name=name, geocoder=geocoder, options=options, cancelled=session_ended)


@st.cache_data
def country_names() -> dict[str, str]:
    return boundaries.country_names()


def route_options() -> routes.RouteOptions:
    """How rail and road legs are routed: country rules and main lines."""
    st.sidebar.subheader("Rail and road routing")
    stay = st.sidebar.toggle("Keep a leg inside its country", value=url.get("stay", "1") != "0",
                             help="When both ends of a leg are in one country, the route does not leave it.")
    names = country_names()
    avoid = st.sidebar.multiselect("Avoid countries", list(names), format_func=names.get,
                                   default=[c for c in url.get("avoid", "").split(",") if c in names])
    main = st.sidebar.toggle("Prefer main lines (Trans-Siberian)", value=url.get("main", "1") != "0",
                             help="Off: the plain shortest path on the network.")
    url.update({"stay": int(stay), "main": int(main), "avoid": ",".join(avoid)})
    return routes.RouteOptions(stay_in_country=stay, avoid_countries=tuple(avoid), prefer_main_lines=main)


def article_input() -> tuple[bytes, str] | None:
    source = st.sidebar.radio("Article", ["First article (Najin → Dunay → Tikhoretsk)", "Paste text", "Upload a file"])
    if source.startswith("Paste"):
        text = st.sidebar.text_area("Paste an article", height=240, key="pasted")
        return (text.encode("utf-8"), "pasted") if text.strip() else None
    if source.startswith("Upload"):
        upload = st.sidebar.file_uploader("Upload an article", type=["txt", "md", "html", "htm"])
        return (upload.getvalue(), upload.name) if upload else None
    return settings.first_article.read_bytes(), settings.first_article.name


def beside(problem: str | None, where: Any = st.sidebar) -> None:
    """What is wrong with the field just above, said under it; the rest of the page stays."""
    if problem:
        where.error(literal(problem), icon="⚠️")


def speed(label: str, key: str, low: float, high: float, default: float, step: float, what: str, unit: str) -> float:
    """A speed slider, set from the page's address when it gives one the slider takes."""
    given = editing.check_number(url.get(key), default, low, high, what=what, unit=unit)
    value = st.sidebar.slider(label, low, high, given.value, step, key=key)
    beside(given.problem)
    return float(value)


def journey_settings(analysis: routes.Analysis) -> routes.ViewOptions:
    """The view's year, speeds and distance rings, from the sidebar (and the URL)."""
    st.sidebar.subheader("Journey settings")
    given = editing.check_year(url.get("year"), analysis.article.year)
    year = st.sidebar.number_input("Year of the events", min_value=editing.YEARS[0], max_value=editing.YEARS[1],
                                   step=1, value=given.value, placeholder="not in the article", key="year",
                                   help="The article gives day and month only: set the year to date the legs.")
    beside(given.problem)
    defaults = routes.Speeds.default()
    speeds = routes.Speeds(
        sea_knots=speed("Ship speed (knots)", "knots", 4.0, 30.0, defaults.sea_knots, 0.5, "ship speed", "knots"),
        rail_kmh=speed("Train speed (km/h)", "rail", 10.0, 120.0, defaults.rail_kmh, 5.0, "train speed", "km/h"),
        road_kmh=speed("Truck speed (km/h)", "road", 10.0, 120.0, defaults.road_kmh, 5.0, "truck speed", "km/h"),
        air_kmh=defaults.air_kmh,
    )
    st.sidebar.subheader("Distance rings")
    stops = {s.label: s.place for s in analysis.itinerary.stops}
    options = ["(none)", *stops]
    centre = st.sidebar.selectbox("Around", options, index=options.index(url.get("ring", "(none)"))
                                  if url.get("ring") in options else 0)
    # keyed: the address follows what is typed, and a widget whose value argument changed would start afresh
    radii_text = st.sidebar.text_input("Radii in km", url.get("radii", "100, 200, 300"), key="radii")
    radii = editing.check_radii(radii_text)
    beside(radii.problem)
    rings = ((centre, stops[centre].coord, radii.value),) if centre in stops and radii.value else ()
    url.update({"knots": speeds.sea_knots, "rail": speeds.rail_kmh, "road": speeds.road_kmh,
                "ring": centre, "radii": radii_text, **({"year": int(year)} if year else {})})
    if not year:
        url.pop("year", None)
    return routes.ViewOptions(speeds=speeds, year=int(year) if year else None, rings=rings)


def show_measures(analysis: routes.Analysis) -> None:
    cols = st.columns(max(1, len(analysis.legs) + 1))
    for col, leg, timing in zip(cols, analysis.legs, analysis.times, strict=False):
        nmi = f" · {leg.length_nmi:,.0f} nmi" if leg.plan.mode == "sea" else ""
        direct = " (direct line, not routed)" if leg.drawn_as == "direct" else ""
        col.metric(literal(f"{leg.plan.mode.title()} leg{direct}: {leg.plan.origin.name} → "
                           f"{leg.plan.destination.name}"), f"{leg.length_km:,.0f} km{nmi}",
                   help=literal(f"{leg.plan.origin.label} → {leg.plan.destination.label}. Network: {leg.network}"))
        col.caption(literal(timing.sentence))
    # the details in a row of their own, so that they line up whatever the captions' lengths
    for col, leg in zip(st.columns(len(cols)), analysis.legs, strict=False):
        if leg.via or leg.notes:
            with col.expander(literal(f"Route details: {leg.plan.mode} leg, {leg.plan.origin.name} → "
                                      f"{leg.plan.destination.name}")):
                if leg.via:
                    st.markdown(f"**Via** {literal(', '.join(leg.via))}")
                st.markdown("\n".join(f"- {literal(note)}" for note in leg.notes))
                st.caption(literal(f"Network: {leg.network}"))
    if analysis.border:
        b = analysis.border
        stated = [c.claim for c in analysis.checks if c.claim.about == f"border:{b.country_code}"]
        delta = f"article says {stated[0].claimed_km:,.0f} km" if stated else None
        cols[-1].metric(literal(f"To the border of {b.country_name}"), f"{b.distance_km:,.0f} km", delta=delta,
                        delta_color="off",
                        help=literal(f"From {b.from_name}; geodesic (WGS84). Boundary: {b.boundary}"))
        cols[-1].caption(literal(f"Nearest point: {b.border_kind}, near {b.near}; {b.view}."))


def show_claims(analysis: routes.Analysis) -> None:
    checks = analysis.checks
    distance = [c for c in checks if c.claim.kind == "distance"]
    if distance:
        st.subheader("What the article claims, checked")
        for c in distance:
            (st.success if c.agrees else st.warning if c.agrees is False else st.info)(literal(c.sentence))
    if analysis.border_readings:
        with st.expander("Every reading of the distance to the border"):
            st.dataframe([{"measured to": r.part, "view": r.view, "km": round(r.distance_km, 1),
                           "nearest point (lat, lon)": f"{r.nearest[1]:.4f}, {r.nearest[0]:.4f}",
                           "dataset": r.boundary} for r in analysis.border_readings], width="stretch")
    others = [c for c in checks if c.claim.kind != "distance"]
    if others:
        with st.expander("Other figures in the article (counts, dates)"):
            st.dataframe([{"kind": c.claim.kind, "words": c.claim.text, "sentence": c.claim.sentence}
                           for c in others], width="stretch")


def map_view(analysis: routes.Analysis, view: routes.ViewOptions) -> dict:
    """Where the map looks: a teaching step, a place chosen from the article, or everything."""
    steps = story.story(analysis, view)
    if st.sidebar.toggle("Teaching mode: step through the story", value=url.get("step") is not None) and steps:
        titles = [f"{i + 1}\\. {literal(s.title)}" for i, s in enumerate(steps)]
        current = min(int(url.get("step", 0)) if str(url.get("step", "0")).isdigit() else 0, len(steps) - 1)
        chosen = st.radio("Step", titles, index=current, horizontal=True, key="step")
        step = steps[titles.index(chosen)]
        url["step"] = titles.index(chosen)
        st.info(literal(step.text))
        return {"center": (step.centre[1], step.centre[0]), "zoom": step.zoom}
    url.pop("step", None)
    places = focus_places(analysis)
    focus = st.selectbox("Show on the map (or click a name in the article)",
                         ["(the whole journey)", *places], key="focus")
    if focus in places:
        place = places[focus]
        return {"center": (place.lat, place.lon), "zoom": 9 if place.feature == "town" else 4}
    return {}


def focus_places(analysis: routes.Analysis) -> dict[str, routes.Place]:
    """The places the map can focus on, by the words the article names them with."""
    return {pm.mention.surface: pm.place for pm in analysis.places}


def main() -> None:
    content_policy(data={"policy": assets.page_policy(mapview.online_origins())}, key="policy")
    st.html("<style>.block-container{padding-top:2.5rem}</style>")  # Streamlit leaves 6rem above the first line
    st.markdown("#### Shipment routes from the news")  # the page's name, small: the map is what people came for
    chosen = article_input()
    article_problem = st.sidebar.empty()  # under the article's field
    geocoders = ["offline", "nominatim", "photon"]
    geocoder = st.sidebar.selectbox("Geocoder", geocoders, index=geocoders.index(url.get("geocoder", "offline"))
                                    if url.get("geocoder") in geocoders else 0,
                                    help="offline: the embedded GeoNames gazetteer. The others need the internet.")
    url["geocoder"] = geocoder
    if chosen is None:
        st.info("Paste or upload an article to begin.")
        return
    options = route_options()
    try:
        analysis = analyze(*chosen, geocoder, options)
    except (routes.ArticleError, routes.NoPlacesError) as err:  # said beside the article, and where a phone shows it
        beside(str(err), article_problem)
        st.error(literal(err))
        return
    # edits belong to this article's content and this geocoder, whatever the source is called
    this_article = (hashlib.sha256(chosen[0]).hexdigest(), geocoder)
    edited = st.session_state.get("edited")
    if edited is not None and edited[0] == this_article:
        analysis = edited[1]
        if analysis.options != options:  # the routing settings changed since the edit
            analysis = routes.with_stops(analysis, list(analysis.itinerary.stops),
                                         [leg.mode for leg in analysis.itinerary.legs], options=options)
            st.session_state["edited"] = (edited[0], analysis)
    view = journey_settings(analysis)
    analysis = routes.for_view(analysis, view)  # the times at the view's speeds and year, once for the page

    for warning in analysis.warnings:
        st.warning(literal(warning))
    # the map first: above the fold on a screen, and before the text where the columns stack (a phone)
    map_col, text_col = st.columns([3, 2])
    focus_bar = map_col.container()  # filled once the article has said which place was clicked
    with text_col:
        st.subheader(literal(analysis.article.title or analysis.article.source or "Article"))
        clicked = article_text(data={"html": textview.highlighted_html(analysis), "key": textview.key_html(analysis),
                                     "height": MAP_HEIGHT},
                               key="article", on_place_change=lambda: None)
    by_start = {str(pm.mention.start): pm.mention.surface for pm in analysis.places}
    if clicked.place in by_start:  # a place name clicked in the article: the map goes there
        st.session_state["focus"] = by_start[clicked.place]
    with focus_bar:
        look = map_view(analysis, view)
    with map_col:
        fmap = mapview.build_map(analysis, view, asset_base_url=ASSET_URL,
                                 at=((look["center"][1], look["center"][0]), look["zoom"]) if look else None)
        st_folium(fmap, key="map", height=MAP_HEIGHT, use_container_width=True, returned_objects=[], **look)

    show_measures(analysis)
    show_claims(analysis)
    st.subheader("Itinerary: fix a place, change a mode, add or remove a stop")
    rows = st.data_editor(
        editing.stop_rows(analysis), num_rows="dynamic", key="stops", width="stretch",
        column_config={"mode": st.column_config.SelectboxColumn("mode (arriving)", options=list(MODES)),
                       "lon": st.column_config.NumberColumn(format="%.5f", min_value=-180, max_value=180),
                       "lat": st.column_config.NumberColumn(format="%.5f", min_value=-90, max_value=90)},
    )
    problems = editing.check_rows(rows)
    for problem in problems:
        beside(problem, st)
    if st.button("Apply changes to the map", type="primary", disabled=bool(problems)):
        try:
            edited = editing.apply_rows(analysis, rows)
        except (routes.RoutesError, ValueError) as err:  # an unknown place: said here, the map stays as it was
            beside(f"That cannot be applied: {err}", st)
        else:
            st.session_state["edited"] = (this_article, edited)
            st.rerun()
    with st.expander("Places named in the article"):
        st.dataframe([{"mention": pm.mention.surface, "place": pm.place.name, "GeoNames": pm.place.geonames_id,
                       "country": pm.place.country_code, "kind": pm.place.feature, "role": pm.role,
                       "confidence": pm.place.confidence, "start": pm.mention.start}
                      for pm in analysis.places], width="stretch")
    export_panel(analysis, view)


def export_panel(analysis: routes.Analysis, view: routes.ViewOptions) -> None:
    """Download buttons for every format; each file is made when its button is clicked."""
    st.subheader("Export")
    left, right = st.columns([3, 2])
    title = left.text_input("Title", captions.default_title(analysis), max_chars=160)
    subtitle = left.text_input("Subtitle", captions.default_subtitle(analysis), max_chars=400)
    size = IMAGE_SIZES[right.selectbox("Image size (pixels)", list(IMAGE_SIZES), index=1)]  # full width
    scale = 2 if right.toggle("PNG at 2× (sharp on high-density screens)") else 1
    view = replace(view, title=title, subtitle=subtitle, size=size, scale=scale)
    if not browser_available():
        right.caption("Chromium is not installed here: the PNG is drawn like the SVG, not like the interactive map.")

    def button(col: Any, fmt: str, label: str) -> None:
        spec = export.FORMATS[fmt]
        col.download_button(label, lambda: export.export(analysis, fmt, view).data,
                            file_name=f"{captions.file_stem(analysis)}.{spec.extension}", mime=spec.mime,
                            help=spec.description, on_click="ignore", key=f"export-{fmt}", width="stretch")

    st.caption("Images and the map, for publication")
    for col, (fmt, label) in zip(st.columns(4), [("png", "PNG"), ("svg", "SVG"), ("pdf", "PDF"),
                                                 ("html", "HTML map")], strict=False):
        button(col, fmt, label)
    st.caption("Data, for GIS tools and Google Earth")
    for col, (fmt, label) in zip(st.columns(6), [("geojson", "GeoJSON"), ("kml", "KML"), ("kmz", "KMZ"),
                                                 ("gpx", "GPX"), ("csv", "CSV"), ("gpkg", "GeoPackage")], strict=False):
        button(col, fmt, label)
    st.caption("Alt text to publish with an image (copy it with the button on its right)")
    st.code(captions.alt_text(analysis), language=None, wrap_lines=True)


if __name__ == "__main__":  # Streamlit runs the page as __main__; a worker process (routes.workers) imports it
    try:                      # as __mp_main__, and must not draw the page
        main()
    except routes.RoutesError as err:
        st.error(literal(err))
    except ValueError as err:
        st.error(literal(f"That cannot be applied: {err}"))
    except Exception:  # a bug: say so plainly, keep the traceback for the server's log
        logging.getLogger("routes.app").exception("unexpected error")
        st.error("Something went wrong on our side; the details are in the server's log. "
                 "Try another article or reload.")
