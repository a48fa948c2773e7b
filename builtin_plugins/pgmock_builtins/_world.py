"""The world's countries and their largest cities (:mod:`._world_data`, GeoNames, CC BY 4.0)
as numpy tables, for country lists, city lists and cities that belong to a given country.

A table of countries or cities lists distinct ones: row ``r`` gets the ``r``-th entry of
a keyed order weighted by population (the order a weighted draw without replacement
gives), so the first rows hold the big ones, shuffled, and none repeats.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pgmock_builtins import _world_data as data
from pgmock_builtins._vec import AliasTable, object_array
from pgmock_sdk.lazy import np

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["World", "batch_rank", "cities_in", "city_alias", "weighted_order", "world"]

# Other spellings of country names (Faker's, common usage) → ISO 3166-1 alpha-2.
ALIASES = {
    "usa": "US", "united states of america": "US", "u.s.a.": "US", "us": "US",
    "uk": "GB", "great britain": "GB", "england": "GB", "britain": "GB",
    "russian federation": "RU", "korea": "KR", "republic of korea": "KR",
    "korea, republic of": "KR", "korea, south": "KR", "north korea": "KP",
    "viet nam": "VN", "czech republic": "CZ", "czechia": "CZ", "holland": "NL",
    "the netherlands": "NL", "iran, islamic republic of": "IR", "syrian arab republic": "SY",
    "taiwan, province of china": "TW", "tanzania, united republic of": "TZ",
    "venezuela, bolivarian republic of": "VE", "bolivia, plurinational state of": "BO",
    "moldova, republic of": "MD", "lao people's democratic republic": "LA",
    "brunei darussalam": "BN", "cote d'ivoire": "CI", "côte d'ivoire": "CI",
    "turkey": "TR", "türkiye": "TR", "burma": "MM", "swaziland": "SZ", "macedonia": "MK",
    "libyan arab jamahiriya": "LY", "holy see (vatican city state)": "VA",
    "deutschland": "DE", "frankreich": "FR", "brasil": "BR", "españa": "ES", "italia": "IT",
    "日本": "JP",
}  # fmt: skip


@dataclass(frozen=True)
class World:
    country_code: NDArray[np.object_]
    country_name: NDArray[np.object_]
    country_weight: NDArray[np.float64]
    city_name: NDArray[np.object_]
    city_country: NDArray[np.int64]  # index into the country arrays
    city_weight: NDArray[np.float64]
    city_lat: NDArray[np.float64]
    city_lon: NDArray[np.float64]
    # cities of country i are city rows start[i] .. start[i] + count[i] (sorted by country)
    start: NDArray[np.int64]
    count: NDArray[np.int64]
    by_name: dict[str, int]  # lower-cased country name or code → country index

    def country_of(self, names: list[str | None]) -> NDArray[np.int64]:
        """Country indices of names (or ISO codes); -1 where the name is unknown. One
        lookup per distinct name, not per row."""
        arr = np.array(["" if n is None else n for n in names], dtype=object)
        distinct, inverse = np.unique(arr.astype(str), return_inverse=True)
        found = np.array(
            [self.by_name.get(d.strip().lower(), -1) for d in distinct.tolist()], dtype=np.int64
        )
        return found[inverse.reshape(-1)] if len(arr) else np.zeros(0, dtype=np.int64)


@lru_cache(maxsize=1)
def world() -> World:
    codes, names, pops = [], [], []
    for line in data.COUNTRIES.splitlines():  # once per process, 250 lines
        code, name, pop = line.split("|")
        codes.append(code)
        names.append(name)
        pops.append(float(pop))
    index = {c: i for i, c in enumerate(codes)}
    c_name, c_country, c_pop, c_lat, c_lon = [], [], [], [], []
    for line in data.CITIES.splitlines():  # once per process
        code, name, pop, lat, lon = line.split("|")
        c_name.append(name)
        c_country.append(index[code])
        c_pop.append(float(pop))
        c_lat.append(float(lat))
        c_lon.append(float(lon))
    country = np.array(c_country, dtype=np.int64)
    count = np.bincount(country, minlength=len(codes)).astype(np.int64)
    start = np.concatenate(([0], np.cumsum(count)[:-1])).astype(np.int64)
    by_name = {n.lower(): i for i, n in enumerate(names)}
    by_name.update({c.lower(): i for i, c in enumerate(codes)})
    by_name.update({alias: index[code] for alias, code in ALIASES.items() if code in index})
    return World(
        country_code=object_array(codes),
        country_name=object_array(names),
        country_weight=np.array(pops, dtype=np.float64),
        city_name=object_array(c_name),
        city_country=country,
        city_weight=np.array(c_pop, dtype=np.float64),
        city_lat=np.array(c_lat, dtype=np.float64),
        city_lon=np.array(c_lon, dtype=np.float64),
        start=start,
        count=count,
        by_name=by_name,
    )


def weighted_order(weights: NDArray[np.float64], key: int) -> NDArray[np.int64]:
    """A keyed order of indices, as a weighted draw without replacement gives it
    (Efraimidis–Spirakis: sort by u ** (1 / w), here log(u) / w)."""
    rng = np.random.default_rng(key & ((1 << 64) - 1))
    keys = np.log(rng.random(len(weights))) / np.maximum(weights, 1e-9)
    return np.argsort(-keys, kind="stable").astype(np.int64)


# Shares (percent) of the countries a business's customers come from, for a country
# column standing alone: the large economies and the markets software and web shops sell
# to first. A rough picture of where online customers are, not a statistic; the rest of
# the world shares REST_OF_WORLD by the square root of population.
MARKET_SHARES: dict[str, float] = {
    "US": 30, "GB": 7, "DE": 7, "FR": 5, "CA": 4.5, "IN": 4, "AU": 3, "NL": 3, "BR": 3,
    "ES": 2.5, "IT": 2.5, "JP": 2.5, "MX": 1.5, "SE": 1.5, "PL": 1.5, "CH": 1.2, "BE": 1.2,
    "IE": 1, "SG": 1, "KR": 1, "DK": 0.8, "NO": 0.8, "AT": 0.8, "FI": 0.6, "PT": 0.6,
    "NZ": 0.6, "IL": 0.6, "ZA": 0.6, "CZ": 0.5, "AR": 0.5, "AE": 0.5,
}  # fmt: skip
REST_OF_WORLD = 8.0


@lru_cache(maxsize=1)
def market_alias() -> AliasTable:
    """The world's countries weighted as a business's customers are (:data:`MARKET_SHARES`)."""
    w = world()
    rest = np.sqrt(w.country_weight)
    listed = np.array([code in MARKET_SHARES for code in w.country_code.tolist()])
    rest[listed] = 0.0
    weights = rest * (REST_OF_WORLD / max(rest.sum(), 1e-9))
    for code, share in MARKET_SHARES.items():
        index = w.by_name.get(code.lower())
        if index is not None:
            weights[index] = share
    return AliasTable.from_weights(weights)


@lru_cache(maxsize=1)
def city_alias() -> AliasTable:
    """World cities by population (a square root flattens the giants: a city table of a
    few hundred rows still holds many countries)."""
    return AliasTable.from_weights(np.sqrt(world().city_weight))


def batch_rank(values: NDArray[np.int64]) -> NDArray[np.int64]:
    """For each row, how many earlier rows of the batch hold the same value."""
    order = np.argsort(values, kind="stable")
    ranked = values[order]
    first = np.r_[True, ranked[1:] != ranked[:-1]] if len(ranked) else np.zeros(0, bool)
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(ranked)), 0))
    out = np.empty(len(values), dtype=np.int64)
    out[order] = np.arange(len(ranked)) - group_start
    return out


def cities_in(country: NDArray[np.int64], rank: NDArray[np.int64]) -> NDArray[np.int64]:
    """A city of each row's country (-1 for unknown countries or countries without
    cities): the ``rank``-th largest of that country's cities, so the rows of one country
    get different cities while there are enough (then they come round again)."""
    w = world()
    out = np.full(len(country), -1, dtype=np.int64)
    known = country >= 0
    counts = np.where(known, w.count[np.maximum(country, 0)], 0)
    has = counts > 0
    out[has] = w.start[country[has]] + rank[has] % counts[has]
    return out
