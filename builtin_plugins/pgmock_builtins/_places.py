"""The bundled places (:mod:`pgmock_builtins._places_data`) as numpy tables.

A row of the address group is one record: its city, state, postal code, country and
coordinates all come from that record, so they agree. Records are drawn in proportion to
population; postal codes uniformly among the city's codes (or area prefixes, the free
digits drawn uniformly).

Locales without bundled places get ``None`` from :func:`places`; their address columns
keep Faker's vocabularies (which do not agree row by row), and their coordinates come from
Faker's list of real places of the locale's country (:func:`land_places`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pgmock_builtins import _places_data as data
from pgmock_builtins._vec import AliasTable, digit_matrix, object_array, split_fixed
from pgmock_sdk.lazy import np

if TYPE_CHECKING:
    from numpy.typing import NDArray

KM_PER_DEGREE = 111.195  # one degree of latitude (mean Earth radius 6371.0 km)


@dataclass(frozen=True)
class Places:
    """One locale's places: a record per city, columns as arrays."""

    locale: str
    country: str
    country_code: str
    city: NDArray[np.object_]
    state: NDArray[np.object_]
    state_code: NDArray[np.object_]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    # Largest distance (km) of generated coordinates from the centre: bigger for big cities.
    radius_km: NDArray[np.float64]
    weights: AliasTable
    # Postal codes: the union of ranges [lo, lo + size) per record, as full integer codes.
    code_lo: NDArray[np.int64]
    code_size: NDArray[np.int64]
    code_end: NDArray[np.int64]  # cumulative sizes over all ranges (searchsorted)
    record_base: NDArray[np.int64]  # cumulative size before each record's first range
    record_count: NDArray[np.int64]  # codes per record
    digits: int
    dash: int

    def __len__(self) -> int:
        return len(self.city)

    def postal_values(self, record: NDArray[np.int64], u: NDArray[np.float64]) -> NDArray[np.int64]:
        """One of each record's codes per row, ``u`` in [0, 1) choosing which."""
        count = self.record_count[record]
        k = np.minimum((u * count).astype(np.int64), count - 1)
        target = self.record_base[record] + k
        rng_idx = np.searchsorted(self.code_end, target, side="right")
        start = self.code_end[rng_idx] - self.code_size[rng_idx]
        return self.code_lo[rng_idx] + (target - start)

    def postal_texts(self, values: NDArray[np.int64], dash: bool = True) -> list[str]:
        """Codes in the locale's format (``01310-200``); ``dash=False`` digits only."""
        mat = digit_matrix(values, self.digits)
        if dash and self.dash:
            mat = np.insert(mat, self.dash, ord("-"), axis=1)
        return split_fixed(mat)

    def postal_width(self, dash: bool = True) -> int:
        return self.digits + (1 if dash and self.dash else 0)

    def ranges(self, record: int) -> list[tuple[int, int]]:
        """The record's postal codes as inclusive integer ranges."""
        out = []
        first = int(np.searchsorted(self.code_end, self.record_base[record], side="right"))
        covered, j = 0, first
        while covered < self.record_count[record]:
            lo, size = int(self.code_lo[j]), int(self.code_size[j])
            out.append((lo, lo + size - 1))
            covered += size
            j += 1
        return out


def locales() -> tuple[str, ...]:
    """Locales with bundled places."""
    return tuple(data.CITIES)


@lru_cache(maxsize=8)
def places(locale: str) -> Places | None:
    """The bundled places of a (normalized) locale, or None."""
    table = data.CITIES.get(locale)
    if table is None:
        return None
    country, code = data.COUNTRIES[locale]
    fmt = data.POSTAL[locale]
    given, digits = fmt["given"], fmt["digits"]
    free = 10 ** (digits - given)
    states = data.STATES[locale]
    city, state, state_code, lat, lon, pop = [], [], [], [], [], []
    code_lo: list[int] = []
    code_size: list[int] = []
    counts: list[int] = []
    for line in table.strip().splitlines():  # once per locale, a few dozen lines
        name, st, *codes, la, lo, po = line.split("|")
        city.append(name)
        state_code.append(st)
        state.append(states[st])
        lat.append(float(la))
        lon.append(float(lo))
        pop.append(float(po))
        total = 0
        for spec in codes:
            first, _, last = spec.partition("-")
            a, b = int(first), int(last or first)
            if len(first) != given or (last and len(last) != given) or b < a:
                raise ValueError(f"bad postal code range {spec!r} for {name} ({locale})")
            code_lo.append(a * free)
            code_size.append((b - a + 1) * free)
            total += (b - a + 1) * free
        counts.append(total)
    sizes = np.array(code_size, dtype=np.int64)
    count = np.array(counts, dtype=np.int64)
    population = np.array(pop, dtype=np.float64)
    return Places(
        locale=locale,
        country=country,
        country_code=code,
        city=object_array(city),
        state=object_array(state),
        state_code=object_array(state_code),
        lat=np.array(lat, dtype=np.float64),
        lon=np.array(lon, dtype=np.float64),
        radius_km=np.clip(1.5 * np.sqrt(population / 100.0), 1.5, 8.0),
        weights=AliasTable.from_weights(population),
        code_lo=np.array(code_lo, dtype=np.int64),
        code_size=sizes,
        code_end=np.cumsum(sizes),
        record_base=np.cumsum(count) - count,
        record_count=count,
        digits=digits,
        dash=fmt["dash"],
    )


@dataclass(frozen=True)
class LandPlaces:
    """Coordinates of real places (Faker's ``land_coords``) for locales without bundled
    places: the locale's country when Faker knows places there, else the whole world."""

    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    radius_km: float = 3.0


@lru_cache(maxsize=32)
def land_places(locale: str) -> LandPlaces:
    from faker.providers.geo import Provider

    territory = locale.split("_")[1] if "_" in locale else ""
    coords = [c for c in Provider.land_coords if c[3] == territory]
    if len(coords) < 3:
        coords = list(Provider.land_coords)
    return LandPlaces(
        np.array([float(c[0]) for c in coords], dtype=np.float64),
        np.array([float(c[1]) for c in coords], dtype=np.float64),
    )


def jitter(
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    radius_km: NDArray[np.float64] | float,
    u_radius: NDArray[np.float64],
    u_angle: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Points uniformly spread over a disc of ``radius_km`` around (lat, lon)."""
    r = radius_km * np.sqrt(u_radius)
    angle = 2.0 * math.pi * u_angle
    dlat = r * np.cos(angle) / KM_PER_DEGREE
    dlon = r * np.sin(angle) / (KM_PER_DEGREE * np.cos(np.radians(lat)))
    return lat + dlat, lon + dlon


def distance_km(
    lat1: NDArray[np.float64] | float,
    lon1: NDArray[np.float64] | float,
    lat2: NDArray[np.float64] | float,
    lon2: NDArray[np.float64] | float,
) -> NDArray[np.float64]:
    """Great-circle (haversine) distance."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * 6371.0 * np.arcsin(np.sqrt(a)), dtype=np.float64)
