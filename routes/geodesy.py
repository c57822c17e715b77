"""Geodesy on the WGS84 ellipsoid: the one ``pyproj.Geod`` of the package, lengths, lines, circles.

Every length the package reports comes from here (never from degrees): distances between
points, lengths of lines, geodesic (great-circle) lines and rings of equal distance.
Coordinates are ``(lon, lat)`` in degrees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence, Set

import numpy as np
import pyproj

Coord = tuple[float, float]
"""A ``(lon, lat)`` pair in degrees, WGS84."""

#: The ellipsoid every length is measured on.
GEOD = pyproj.Geod(ellps="WGS84")

#: Kilometres in a nautical mile (exact, by definition).
KM_PER_NMI = 1.852

#: Spacing of the points of a great-circle line, in km (keeps it curved on a Mercator map).
GREAT_CIRCLE_STEP_KM = 25.0


def distance_km(a: Coord, b: Coord) -> float:
    """Geodesic distance between two ``(lon, lat)`` points, km.

    Examples
    --------
    >>> round(distance_km((0.0, 0.0), (1.0, 0.0)), 3)
    111.319
    """
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000.0


def distances_km(point: Coord, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Geodesic distances from one point to many, km."""
    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    _, _, metres = GEOD.inv(np.full(len(lons), point[0]), np.full(len(lons), point[1]), lons, lats)
    return np.asarray(metres) / 1000.0


def length_km(coords: Sequence[Coord] | np.ndarray) -> float:
    """Geodesic length of the line through ``coords`` (each piece a geodesic), km."""
    p = np.asarray(coords, dtype=float).reshape(-1, 2)
    if len(p) < 2:
        return 0.0
    return float(GEOD.line_length(p[:, 0], p[:, 1])) / 1000.0


def line_length_km(coords: Sequence[Coord] | np.ndarray) -> float:
    """:func:`length_km` to the metre, as legs and their pieces report it.

    Examples
    --------
    >>> line_length_km([(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)])
    221.894
    """
    return round(length_km(coords), 3)


def great_circle(a: Coord, b: Coord, *, step_km: float = GREAT_CIRCLE_STEP_KM) -> tuple[Coord, ...]:
    """Points along the geodesic from ``a`` to ``b``, ends included, one at least every ``step_km``.

    Examples
    --------
    >>> line = great_circle((0.0, 0.0), (1.0, 0.0))
    >>> line[0], line[-1], len(line)
    ((0.0, 0.0), (1.0, 0.0), 6)
    """
    n = int(distance_km(a, b) // step_km)
    middle = GEOD.npts(a[0], a[1], b[0], b[1], n) if n > 0 else []
    return (a, *((round(x, 6), round(y, 6)) for x, y in middle), b)


def geodesic_circle(centre: Coord, radius_km: float, *, points: int = 180) -> tuple[Coord, ...]:
    """A closed ring of points ``radius_km`` from ``centre`` along geodesics."""
    azimuths = [360 * i / points for i in range(points)]
    lons, lats, _ = GEOD.fwd([centre[0]] * points, [centre[1]] * points, azimuths, [radius_km * 1000] * points)
    ring = tuple((round(x, 5), round(y, 5)) for x, y in zip(lons, lats, strict=True))
    return (*ring, ring[0])


def antimeridian_parts(coords: Sequence[Coord]) -> list[list[Coord]]:
    """A line cut where it crosses the antimeridian (RFC 7946, section 3.1.9), each part within ±180°.

    A step of more than 180° of longitude between two points is taken the short way, across ±180°;
    the cut point's latitude is interpolated along the step. A line that does not cross is one part.

    Examples
    --------
    >>> antimeridian_parts([(179.0, 50.0), (-179.0, 52.0)])
    [[(179.0, 50.0), (180.0, 51.0)], [(-180.0, 51.0), (-179.0, 52.0)]]
    >>> antimeridian_parts([(10.0, 50.0), (20.0, 52.0)])
    [[(10.0, 50.0), (20.0, 52.0)]]
    """
    if not coords:
        return []
    parts: list[list[Coord]] = [[(float(coords[0][0]), float(coords[0][1]))]]
    for (x0, y0), (x1, y1) in zip(coords, coords[1:], strict=False):
        if abs(x1 - x0) > 180:
            edge = 180.0 if x0 > 0 else -180.0
            x1_across = x1 + 360 if edge > 0 else x1 - 360
            t = (edge - x0) / (x1_across - x0)
            y = float(y0 + t * (y1 - y0))
            parts[-1].append((edge, y))
            parts.append([(-edge, y)])
        parts[-1].append((float(x1), float(y1)))
    return [p for p in parts if len(p) >= 2 or len(parts) == 1]


#: Mean radius of the Earth (IUGG), km: the sphere of :class:`PointIndex`'s first search.
EARTH_KM = 6371.0088
#: The geodesic distance on the ellipsoid and the great-circle distance on that sphere (same latitudes and
#: longitudes) differ by less than this share (0.6% at most: the ellipsoid's radii of curvature run from
#: 6,335 to 6,400 km); a search on the sphere widened by it misses no point the ellipsoid puts within reach.
SPHERE_ERROR = 0.01


class PointIndex:
    """Points indexed for exact geodesic searches: which lie within a distance, which is nearest.

    A k-d tree (scipy's) on the points' unit vectors finds the few points within reach on a
    sphere, widened by :data:`SPHERE_ERROR`; only those are measured on the ellipsoid by
    :func:`distance_km`. The answers are those of measuring every point, in a time that does
    not grow with the number of points far away: an article's thousands of places each set
    beside all the others made reading it quadratic.

    Parameters
    ----------
    coords
        The points, ``(lon, lat)``; answers give their indices.

    Examples
    --------
    >>> index = PointIndex([(0.0, 0.0), (1.0, 0.0), (10.0, 0.0)])
    >>> index.within((0.5, 0.0), 60.0)
    [0, 1]
    >>> round(index.nearest_km((9.0, 0.0), skip={2}), 1)
    890.6
    """

    def __init__(self, coords: Sequence[Coord]) -> None:
        from scipy.spatial import cKDTree

        self.coords = [(float(x), float(y)) for x, y in coords]
        self._tree = cKDTree(_unit_xyz(self.coords)) if self.coords else None

    def __len__(self) -> int:
        return len(self.coords)

    def within(self, point: Coord, km: float) -> list[int]:
        """The indices of the points at most ``km`` from ``point`` (geodesic), in increasing order."""
        return [i for i in self._reach(point, km) if distance_km(point, self.coords[i]) <= km]

    def nearest_km(self, point: Coord, *, skip: Set[int] = frozenset()) -> float | None:
        """The geodesic distance from ``point`` to the nearest point not in ``skip``, km; None if there is none.

        The value is :func:`distance_km` to that point: the same float as the least of the distances to
        every point.
        """
        if self._tree is None or len(self.coords) == sum(1 for i in skip if 0 <= i < len(self.coords)):
            return None
        k = min(len(self.coords), len(skip) + 1)  # among the k nearest on the sphere, one at least is not skipped
        _, found = self._tree.query(_unit_xyz([point])[0], k=k)
        first = next(int(i) for i in np.atleast_1d(found) if int(i) not in skip)
        best = distance_km(point, self.coords[first])
        return min([best, *(distance_km(point, self.coords[i]) for i in self._reach(point, best) if i not in skip)])

    def _reach(self, point: Coord, km: float) -> list[int]:
        """Indices of the points that may lie within ``km`` on the ellipsoid: within it widened on the sphere."""
        if self._tree is None:
            return []
        sphere_km = km / (1 - SPHERE_ERROR)
        chord = 2.0 if sphere_km >= math.pi * EARTH_KM else 2 * math.sin(sphere_km / (2 * EARTH_KM))
        return sorted(self._tree.query_ball_point(_unit_xyz([point])[0], chord * (1 + 1e-9)))


def _unit_xyz(coords: Sequence[Coord]) -> np.ndarray:
    """Unit vectors of ``(lon, lat)`` points on a sphere (for searches only: every distance is the ellipsoid's)."""
    lonlat = np.radians(np.asarray(coords, dtype=float).reshape(-1, 2))
    cos_lat = np.cos(lonlat[:, 1])
    return np.column_stack((cos_lat * np.cos(lonlat[:, 0]), cos_lat * np.sin(lonlat[:, 0]), np.sin(lonlat[:, 1])))
