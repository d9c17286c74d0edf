"""The words of institution names: facility words ("HOSPITAL", "MEDICAL CENTER") and the
words usual in facility names though ordinary elsewhere ("HOLY CROSS", "SACRED HEART").

General vocabulary, read by the general mechanisms (`capitals`: such a word may be a name;
`propagate`: such a word alone is never propagated) and by the facility recognizer of the
clinical-notes pack, which finds names built on them.
"""

from __future__ import annotations

FACILITY_WORDS = ("hospital", "hosp", "hospice", "memorial", "medical center", "med ctr",
                  "medical centre", "clinic", "health center", "nursing home", "rehab",
                  "rehabilitation", "infirmary", "manor", "healthcare", "health system",
                  "medical group", "nursing facility", "nursing center", "care center",
                  "campus", "sanatorium", "va", "vamc", "assisted living", "adventist",
                  "senior center", "retirement home", "retirement community", "nh", "snf",
                  # nursing home, skilled nursing, long-term acute care, assisted living
                  "ltac", "ltach", "alf",
                  # home-care providers: "S. DOMINICO NURSING AGENCY"
                  "nursing agency", "home care agency", "home health agency", "care agency")
# Their single words ("medical", "center"), for the tests that go word by word.
FACILITY_TERMS = frozenset(w for f in FACILITY_WORDS for w in f.split())
# Words usual in facility names though ordinary elsewhere.
NAME_WORDS = frozenset("""holy cross sacred heart general good samaritan mercy university
memorial community county regional baptist methodist presbyterian lutheran catholic
children's childrens women's st st. saint mount mt mt. union valley city state national
veterans shore bay lake river park view grace hope providence trinity adventist episcopal
jewish hebrew deaconess kaiser presbyterian
square point hills heights springs glen ridge harbor harbour field fields grove gardens woods
forest creek falls island bridge port haven meadows """.split())  # "FRANKLIN SQUARE HOSP"
