"""Which stores belong to the street: inside its outline, or within a radius of its centre, and
optionally on the listed 행정동 or roads."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .reader import Store

EARTH_RADIUS_M = 6_371_000


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine; plenty for a street's few hundred metres)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def inside(lat: float, lng: float, polygon: list[tuple[float, float]]) -> bool:
    """Ray casting: is the point inside the polygon of (lat, lng) corners?"""
    result = False
    j = len(polygon) - 1
    for i, (yi, xi) in enumerate(polygon):
        yj, xj = polygon[j]
        if (yi > lat) != (yj > lat) and lng < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            result = not result
        j = i
    return result


@dataclass(frozen=True)
class Area:
    """The street's area as the import sees it; a store must pass every rule that is set."""

    polygon: list[tuple[float, float]] | None = None
    centre: tuple[float, float] | None = None
    radius_m: float | None = None
    dongs: tuple[str, ...] = ()
    roads: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = []
        if self.polygon:
            parts.append(f"inside the profile's area outline ({len(self.polygon)} corners)")
        elif self.centre and self.radius_m:
            parts.append(f"within {self.radius_m:g} m of the street's centre")
        if self.dongs:
            parts.append("in " + ", ".join(self.dongs))
        if self.roads:
            parts.append("on " + ", ".join(self.roads))
        return " and ".join(parts) or "anywhere (no area, centre or 행정동 given)"

    def contains(self, store: Store) -> bool:
        if self.dongs and store.dong not in self.dongs:
            return False
        if self.roads and not any(store.road.replace(" ", "") == r.replace(" ", "") for r in self.roads):
            return False
        if store.lat is None or store.lng is None:
            return False  # placed nowhere: in no area (the import skips such stores before asking)
        if self.polygon:
            return inside(store.lat, store.lng, self.polygon)
        if self.centre and self.radius_m:
            return distance_m(store.lat, store.lng, *self.centre) <= self.radius_m
        return True

    def distance_m(self, lat: float, lng: float) -> float | None:
        """Metres from the street to a point: 0 inside its outline, else to the nearest edge (or to
        the rim of its radius); None when the street is placed nowhere. Only the shape counts here,
        not the 행정동 or road rules: a competitor across the road is near whatever its address."""
        if self.polygon:
            return 0.0 if inside(lat, lng, self.polygon) else min(
                _to_segment(lat, lng, a, b) for a, b in zip(self.polygon, self.polygon[1:] + self.polygon[:1]))
        if self.centre:
            return max(0.0, distance_m(lat, lng, *self.centre) - (self.radius_m or 0))
        return None


def _to_segment(lat: float, lng: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Metres from a point to the segment a–b, on a flat projection about the point (exact enough
    for the few hundred metres a competition radius spans)."""
    k = math.cos(math.radians(lat))
    ax, ay = (a[1] - lng) * k * EARTH_RADIUS_M * math.pi / 180, (a[0] - lat) * EARTH_RADIUS_M * math.pi / 180
    bx, by = (b[1] - lng) * k * EARTH_RADIUS_M * math.pi / 180, (b[0] - lat) * EARTH_RADIUS_M * math.pi / 180
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy))) if dx or dy else 0.0
    return math.hypot(ax + t * dx, ay + t * dy)
