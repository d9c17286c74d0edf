"""The cue words the name rules read: titles, relations, credentials, contact verbs, and the
words that are never a name even right after a cue."""

from __future__ import annotations

TITLES = {"dr", "mr", "mrs", "ms", "miss", "mister", "doctor", "rabbi", "rev", "reverend",
          "father", "fr", "prof", "professor", "atty", "attorney", "judge", "hon", "drs"}
RELATIONS = {"wife", "husband", "daughter", "dtr", "son", "sons", "daughters", "sister",
             "brother", "mother", "mom", "dad", "father", "niece", "nephew", "grandson",
             "granddaughter", "friend", "fiance", "fiancee", "partner", "aunt", "uncle",
             "cousin", "sil", "dil", "proxy", "hcp", "guardian", "neighbor", "stepson",
             "stepdaughter", "bro", "sis", "named", "caseworker", "sw", "chaplain", "pcp",
             "attending", "resident", "fellow", "intern", "nurse", "girlfriend", "boyfriend",
             "spouse", "grandmother", "grandfather", "grandma", "grandpa", "stepmother",
             "stepfather", "sibling", "roommate", "companion",
             # plurals before a list of names ("SISTERS MARY AND ANN"), spellings notes use
             "sisters", "brothers", "nieces", "nephews", "grandsons", "granddaughters",
             "cousins", "proxies",
             "proxys", "grandaughter", "neice", "stepbrother", "stepsister", "godson",
             "goddaughter", "godmother", "godfather", "poa", "conservator", "caregiver",
             "neighbour", "pastor", "priest", "minister", "deacon", "imam",
             # people who care for the patient, named after their role ("CASE MANAGER X")
             "worker", "manager", "coordinator", "liaison", "interpreter", "translator",
             "therapist", "dietitian", "dietician", "nutritionist", "pharmacist", "physician",
             "supervisor", "surgeon", "intensivist", "hospitalist", "neurologist",
             "cardiologist", "oncologist", "nephrologist", "pulmonologist", "radiologist",
             "psychiatrist", "anesthesiologist", "urologist", "gastroenterologist"}
# Given names that are also everyday or clinical words (so no evidence alone), which a
# relation before them makes names: "DAUGHTER ROSE", "GIRLFRIEND EVE", "SON BILL".
WORD_NAMES = {"amber", "april", "art", "august", "bill", "carter", "dean", "drew", "eve",
              "faith", "flora", "grace", "hope", "hunter", "joy", "june", "lee", "mark", "mason",
              "pat", "ray", "rose", "sue", "sunny", "jewel", "dawn", "summer", "autumn", "will"}
# Credentials written before the name, as in "NP JONES AWARE", "rrt kimura": a name-like word
# (not a common or clinical one) after them.
CREDENTIAL_TITLES = {"np", "rn", "rrt", "md", "pa", "ho", "crnp", "lpn", "cna", "pct"}
# Word names that may stand after a credential ("NP GRACE AWARE"): not the ones that are also
# verbs a note writes right after one ("RN WILL FOLLOW", "RN DREW LABS", "MD MARK").
CREDENTIAL_WORD_NAMES = WORD_NAMES - {"will", "mark", "drew", "pat", "bill", "ray", "art",
                                      "august", "lee", "hunter", "mason", "carter", "summer"}
# "o rourke", "MC DONALD": the first part of a surname written apart after a title.
IRISH_PREFIXES = {"o", "mc", "mac"}
# Words that introduce a name: "NAME: Ingrid Solberg", "maiden name is vantongeren", "called Rosa".
NAME_CUES = {"name", "named", "called", "nicknamed", "aka"}
COPULA = {"is", "was", "of"}
OBJECTS = {"him", "her", "them", "me", "it"}  # "named him Luis", "called her Bea"
CALL = {"call", "calls", "called"}  # "people call me Csanad"
# Verbs after which a person is usually named: "SPOKE WITH NANCY", "CALLED BY JOHN".
CONTACT_CUES = {("spoke", "with"), ("spoke", "to"), ("talked", "with"), ("talked", "to"),
                ("met", "with"), ("meeting", "with"), ("meet", "with"), ("called", "by"),
                ("seen", "by"), ("visited", "by"),
                ("discussed", "with"), ("d/w", ""), ("per", ""), ("paged", ""), ("notified", ""),
                ("page", ""), ("spoken", "with"), ("spoken", "to"), ("spoke", "w"),
                ("talked", "w"), ("discussed", "w"), ("met", "w"), ("reach", ""), ("reached", ""),
                ("contacted", ""), ("phoned", ""), ("call", "from"), ("calls", "from"),
                ("evaluated", "by"), ("examined", "by"), ("assessed", "by")}
# Role and service nouns: the word before one is a specialty, not a name ("SEEN BY NEPHRO
# FELLOW", "seen by transplnt team", "Cardiothor surgeon").
ROLE_NOUNS = {"team", "fellow", "fellows", "service", "surgeon", "surgery", "consult",
              "attending", "resident", "residents", "staff", "dept", "department", "doctor",
              "doctors", "nurse", "nurses", "md", "mds", "np", "clinic", "unit", "protocol",
              "radiology", "cardiology", "neurology", "oncology", "nephrology", "medicine",
              "anesthesia", "physicians"}
# Verbs only a person is the subject of: "HANK CALLED", "Radu verbalizes his understanding".
PERSON_VERBS = {"called", "calls", "visited", "arrived", "states", "stated", "reports",
                "reported", "verbalizes", "verbalized", "verbalizing", "wishes", "wished",
                "agrees", "agreed", "requests", "requested", "expressed", "expresses",
                "declined", "consented", "says", "said", "spoke", "phoned", "contacted",
                "understands", "voiced", "voices", "asked", "asks", "wants", "wanted",
                "visiting", "updated"}
# Shorthand for services and teams, which also "call", "state" and come "in to see".
SERVICES = {"derm", "cards", "neuro", "renal", "onc", "heme", "psych", "nsurg", "ortho",
            "surg", "pulm", "resp", "micu", "sicu", "ccu", "csru", "nsicu", "ems", "emts",
            "rehab", "prev", "gyn", "urology", "ent", "ir", "vasc", "lab", "labs",
            "radiology", "pharmacy", "nutrition", "security", "admitting"}
# Services a person comes from: "X FROM NEURO", "X of renal".
AFFILIATIONS = SERVICES - {"prev", "lab", "labs", "admitting"} | {
    "cardiology", "neurology", "nephrology", "oncology", "surgery", "anesthesia", "ctsurg",
    "neurosurgery", "gi", "id", "pt", "ot", "rt", "sw", "social", "case", "palliative",
    "hospice", "transplant", "trauma", "medicine"}
# Words after which a person was just named: "JONES AWARE", "dr x and kimura notified".
AFTER_CUES = {"aware", "notified", "paged", "informed"}
# A contact line: "Tomasz Wielgosz cell# 555-201-0199", "Ann Lee home: 555 201 3344".
PHONE_LABELS = {"cell", "home", "phone", "work", "tel", "mobile", "pager", "beeper", "office"}
CREDENTIALS = {"rn", "rrt", "np", "md", "pa", "lpn", "cna", "msw", "lcsw", "licsw", "pharmd", "do",
               "crnp", "esq", "cpa", "snp", "sn", "rd", "dds", "dmd", "dpt", "phd", "rph",
               "aprn", "fnp", "cnm", "crna", "psyd", "mph", "ccc", "slp", "otr", "ot"}
# Titles also written before a verb ("Rabbi sees pt"): the name after them must look like one.
WEAK_TITLES = {"mr", "ms", "fr", "father", "prof", "professor", "atty", "attorney", "judge",
               "hon", "rev", "reverend", "rabbi"}
# Words after a cue that are never the name itself.
SKIP = {"of", "the", "and", "at", "in", "is", "was", "to", "pt", "pts", "patient", "her", "his",
        "aware", "notified", "updated", "informed", "paged", "called", "here", "re",
        "team", "service", "on", "call", "by", "with", "about", "that", "this", "who",
        "will", "or", "for", "regarding"}
# What a person signing with a credential did next: "GRABOWSKI NP IN TO SEE PT", "KIM RN AWARE".
AFTER_CREDENTIAL = {"in", "aware", "notified", "here", "saw", "called", "paged", "spoke",
                    "updated", "informed", "came", "examined", "evaluated", "made", "at"}
POSSESSORS = {"pt", "pts", "patient", "patients", "his", "her", "their"}
PARTICLES = {"van", "von", "der", "den", "ten", "ter", "de", "del", "della", "di", "da", "du",
             "la", "le", "dos", "das", "bin", "ibn", "al", "el", "st"}
