"""Regions and districts that name where a person lives without a city: "FROM THE EASTERN
SHORE", "on the Cape", "lives in DC".

HIPAA Safe Harbor class 2 covers every geographic subdivision smaller than a state, and a
region inside a state ("the Eastern Shore" of Maryland, "Cape Cod") is one. libphonenumber's
place list (`gazetteer.places`) holds cities and towns but not such regions, and "DC" is
discharge in a note unless a residence phrase comes before it.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from app.core.privacy.recognizers.base import make

# Well-known US regions smaller than a state (general geography, not taken from any data).
REGIONS = (
    "eastern shore", "western shore", "north shore", "south shore", "north country",
    "cape cod", "cape ann", "the cape", "martha'?s vineyard", "the berkshires",
    "outer banks", "upper peninsula", "the hamptons", "the poconos", "the catskills",
    "the adirondacks", "the ozarks", "twin cities", "bay area", "silicon valley",
    "hudson valley", "lehigh valley", "pioneer valley", "inland empire", "florida keys",
    "gulf coast", "jersey shore", "south jersey", "north jersey", "down east",
    "lowcountry", "low country", "tidewater", "hampton roads", "upstate new york",
    "western mass", "central mass", "metrowest", "south side", "north side", "west side",
    "east side", "lower east side", "upper west side", "upper east side",
)
_REGION = r"\b(?:" + "|".join(r.replace(" ", r"\s+") for r in REGIONS) + r")\b"
# A district abbreviation after a residence phrase only: "LIVES IN DC", "moved to NYC".
_DISTRICT = (r"(?<=\b(?:lives|lived|living|resides|resided|reside|moved|home)\s+(?:in|to|near)"
             r"\s+)(?:D\.C\.|DC|NYC|N\.Y\.C\.)(?!\w)")


def regions() -> EntityRecognizer:
    return make("LOCATION", "RegionRecognizer", [(_REGION, 0.6), (_DISTRICT, 0.6)])
