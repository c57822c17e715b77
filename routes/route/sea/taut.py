"""Pulling a route taut: any angle, no staircases.

Each vertex is joined to the farthest later vertex it sees (a geodesic that clears the land),
then the line is tightened like an elastic band (vertices slide towards the chord of their
neighbours while the line stays clear; new vertices let it wrap round capes).
"""

from __future__ import annotations

import numpy as np

from routes.geodesy import GEOD, length_km
from routes.route.sea.land import Land, geodesics_clear, load_land, wrap_lon


def taut(line: np.ndarray, land: Land | None = None) -> np.ndarray:
    """A shorter line in the same waters: shortcuts by line of sight, then an elastic band.

    ``line`` must be clear of land as drawn (straight lon/lat pieces between its points);
    the result is a sub-sequence of its vertices, then moved, and is clear as drawn by
    :func:`densify` between consecutive vertices. Its ends are those of ``line``.
    """
    land = land or load_land()
    p = np.asarray(line, dtype=float)
    keep = [0]
    i, n = 0, len(p)
    while i < n - 1:
        # the farthest vertex seen from i: doubling steps, then bisection
        good, step = i + 1, 1
        while True:
            probes = np.arange(good + step, min(good + 64 * step, n - 1) + 1, step)
            if len(probes) == 0:
                break
            ok = geodesics_clear(np.repeat(p[i : i + 1], len(probes), axis=0), p[probes], land)
            if ok.all():
                good = int(probes[-1])
                if good == n - 1:
                    break
                step *= 8
                continue
            first_bad = int(np.argmin(ok))
            if first_bad > 0:
                good = int(probes[first_bad - 1])
            hi = int(probes[first_bad])
            lo = good
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if geodesics_clear(p[i : i + 1], p[mid : mid + 1], land)[0]:
                    lo = mid
                else:
                    hi = mid
            good = lo
            break
        keep.append(good)
        i = good
    q = p[keep]
    tight = _slide(q, land)[0]
    # every segment of the band was checked as it changed; check the whole once more
    return tight if geodesics_clear(tight[:-1], tight[1:], land).all() else q


#: Fractions of the way to the chord of its neighbours that a vertex tries, in one pass.
_SLIDE_STEPS = np.array([1.0, 0.5, 0.25, 0.125, 0.0625, 0.03125])
#: A pass of the elastic band that shortens the line by less than this share stops it.
_BAND_TOLERANCE = 2e-4


def _slide(q: np.ndarray, land: Land, passes: int = 40) -> tuple[np.ndarray, bool]:
    """Pull a clear line tight like an elastic band: vertices slide towards their neighbours' chord.

    Each pass moves every other vertex (then the others) as far towards the straight
    line between its two neighbours as the line stays clear (the largest of
    :data:`_SLIDE_STEPS` that does), drops the vertices whose neighbours see each other,
    and puts a new vertex in the middle of each segment beside a vertex that could not
    move all the way (so that the band can wrap round a cape, not only cut its corner).
    It stops when a pass shortens the line by less than :data:`_BAND_TOLERANCE`. Each
    segment of the result is clear as :func:`densify` draws it; the ends do not move.
    """
    q = np.asarray(q, dtype=float).copy()
    moved = False
    length = length_km(q)
    for _ in range(passes):
        # drop the vertices whose neighbours see each other (every other one, then again)
        for parity in (1, 2):
            ks = np.arange(parity, len(q) - 1, 2)
            if len(ks):
                seen = geodesics_clear(q[ks - 1], q[ks + 1], land)
                if seen.any():
                    q = np.delete(q, ks[seen], axis=0)
                    moved = True
        blocked = np.zeros(len(q), dtype=bool)
        for parity in (1, 2):
            ks = np.arange(parity, len(q) - 1, 2)
            if not len(ks):
                continue
            prev, cur, nxt = q[ks - 1], q[ks], q[ks + 1]
            # the foot of the chord, in a plane around each vertex (longitudes unwrapped)
            k = np.cos(np.radians(cur[:, 1]))[:, None] * np.array([1.0, 0.0]) + np.array([0.0, 1.0])
            a = np.column_stack((wrap_lon(prev[:, 0] - cur[:, 0]), prev[:, 1] - cur[:, 1])) * k
            b = np.column_stack((wrap_lon(nxt[:, 0] - cur[:, 0]), nxt[:, 1] - cur[:, 1])) * k
            d = b - a
            t = np.clip(-(a * d).sum(axis=1) / np.maximum((d * d).sum(axis=1), 1e-18), 0.0, 1.0)
            foot = (a + t[:, None] * d) / k  # from cur, in degrees
            m = len(_SLIDE_STEPS)
            cands = np.repeat(cur, m, axis=0) + np.tile(_SLIDE_STEPS, len(ks))[:, None] * np.repeat(foot, m, axis=0)
            cands[:, 0] = wrap_lon(cands[:, 0])
            ok = (geodesics_clear(np.repeat(prev, m, axis=0), cands, land)
                  & geodesics_clear(cands, np.repeat(nxt, m, axis=0), land)).reshape(len(ks), m)
            best = np.argmax(ok, axis=1)
            can = ok.any(axis=1) & (np.abs(foot).sum(axis=1) > 1e-9)
            q[ks[can]] = cands.reshape(len(ks), m, 2)[np.flatnonzero(can), best[can]]
            blocked[ks] = ~can | (best > 0)
            moved |= bool(can.any())
        # a vertex held by the land: a new vertex in the middle of each segment beside it
        seg = np.flatnonzero(blocked[:-1] | blocked[1:])
        if len(seg):
            az, _, dist = GEOD.inv(q[seg, 0], q[seg, 1], q[seg + 1, 0], q[seg + 1, 1])
            long = dist > 100.0  # metres: not worth splitting below
            seg, az, dist = seg[long], az[long], dist[long]
            lon, lat, _ = GEOD.fwd(q[seg, 0], q[seg, 1], az, dist / 2)
            mid = np.column_stack((lon, lat))
            # the two halves are drawn with other points than the whole: check them
            halves = geodesics_clear(q[seg], mid, land) & geodesics_clear(mid, q[seg + 1], land)
            q = np.insert(q, seg[halves] + 1, mid[halves], axis=0)
        new_length = length_km(q)
        if length - new_length < _BAND_TOLERANCE * max(length, 1e-9):
            length = new_length
            break
        length = new_length
    # the midpoints that did not move are on straight segments: drop them again
    for parity in (1, 2):
        ks = np.arange(parity, len(q) - 1, 2)
        if len(ks):
            seen = geodesics_clear(q[ks - 1], q[ks + 1], land)
            q = np.delete(q, ks[seen], axis=0)
    return q, moved
