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
