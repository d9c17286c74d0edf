"""Build `notes.jsonl`: the team's own labeled clinical, legal and financial notes.

    python tests/data/pii_labeled/build.py        # rewrites notes.jsonl next to this file

Every document below is fictional. Identifiers are written inline as `[[TYPE|value]]`; the
builder strips the markers and records each value's character span, so offsets are computed,
never typed by hand. Numbers that carry a check digit (NPI, DEA, ABA routing, IBAN, card,
MBI) are generated valid by code, as real documents would print them. Schema as
`shared/data/presidio-synth-dev/sentences.jsonl`: {"id", "text", "spans": [{"start", "end",
"type", "value"}]}.

Labeling conventions: a span is the identifier itself, without its label ("MRN:") or a title
("Dr."); a postal address is one STREET_ADDRESS span from the number to the ZIP; a ZIP_CODE or
LOCATION (city, facility) is labeled on its own only outside an address; an AGE is labeled
only over 89; a date is any day, month or year that dates an event about a person. Not
labeled (not identifiers of a person): companies, courts, insurers, states, times of day.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

OUT = Path(__file__).with_name("notes.jsonl")
_MARK = re.compile(r"\[\[([A-Z_]+)\|(.*?)\]\]", re.S)
_rng = random.Random(4)  # fixed: the file is reproducible


# -- identifiers with check digits, generated valid -------------------------------------------

def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def npi() -> str:
    body = _rng.choice("12") + "".join(_rng.choice("0123456789") for _ in range(8))
    return body + _luhn_digit("80840" + body)


def dea(surname: str, kind: str = "B") -> str:
    d = [_rng.randint(0, 9) for _ in range(6)]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return kind + surname[0].upper() + "".join(map(str, d)) + str(check)


def aba() -> str:
    head = f"{_rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 21, 22, 26, 31]):02d}"
    body = head + "".join(_rng.choice("0123456789") for _ in range(6))
    d = [int(c) for c in body]
    partial = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5])
    return body + str((10 - partial % 10) % 10)


def iban(country: str, bban: str, grouped: bool = True) -> str:
    moved = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
    value = f"{country}{check:02d}{bban}"
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4)) if grouped else value


def card(prefix: str, length: int = 16, sep: str = " ") -> str:
    body = prefix + "".join(_rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    number = body + _luhn_digit(body)
    if not sep:
        return number
    groups = [4, 6, 5] if length == 15 else [4] * (length // 4)
    out, i = [], 0
    for g in groups:
        out.append(number[i:i + g])
        i += g
    return sep.join(out)


def mbi(dashes: bool = True) -> str:
    alpha = "ACDEFGHJKMNPQRTUVWXY"
    alnum = alpha + "0123456789"
    digit = "0123456789"
    pattern = ["123456789", alpha, alnum, digit, alpha, alnum, digit, alpha, alpha, digit, digit]
    value = "".join(_rng.choice(p) for p in pattern)
    return f"{value[:4]}-{value[4:7]}-{value[7:]}" if dashes else value


def digits(n: int, first: str = "123456789") -> str:
    return _rng.choice(first) + "".join(_rng.choice("0123456789") for _ in range(n - 1))


def ssn(sep: str) -> str:
    """A well-formed SSN (area not 000, 666 or 9xx; group and serial not zero)."""
    area = _rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}{sep}{_rng.randint(1, 99):02d}{sep}{_rng.randint(1, 9999):04d}"


# -- the documents ----------------------------------------------------------------------------

def clinical() -> list[str]:
    return [
        f"""DISCHARGE SUMMARY
Patient: [[PERSON|Oluwaseun Adeyemi]]    MRN: [[MEDICAL_RECORD_NUMBER|{digits(8, "0")}]]
DOB: [[DATE_TIME|04/17/1958]]    Admitted: [[DATE_TIME|03/02/2024]]    Discharged: [[DATE_TIME|03/09/2024]]
Attending: [[PERSON|Hannah Okafor]], MD (NPI [[US_NPI|{npi()}]])

Mr. [[PERSON|Adeyemi]] is a 65-year-old man admitted with community-acquired pneumonia. He was
treated with ceftriaxone and azithromycin and improved. Follow up with his PCP,
Dr. [[PERSON|Raymond Tsai]], at [[LOCATION|Brightmoor Family Health]] within one week. Call
[[PHONE_NUMBER|(617) 824-3310]] with questions.""",

        f"""Referral letter

[[DATE_TIME|June 3, 2024]]

Dear Dr. [[PERSON|Katarzyna Wierzbicka]],

Thank you for seeing [[PERSON|Marisol Quintero-Baez]] (DOB [[DATE_TIME|11/23/1971]], MRN
[[MEDICAL_RECORD_NUMBER|MR{digits(7)}]]) for evaluation of a thyroid nodule found on imaging on
[[DATE_TIME|May 21, 2024]]. She lives at [[STREET_ADDRESS|418 Cedar Hollow Rd, Apt 3B, Worcester, MA 01605]]
and prefers contact by e-mail at [[EMAIL_ADDRESS|marisol.qb@fastmail.com]] or by phone at
[[PHONE_NUMBER|508-339-2741]].

Sincerely,
[[PERSON|Daniel Abernathy]], MD
[[LOCATION|Riverside Internal Medicine]]""",

        f"""ED TRIAGE NOTE [[DATE_TIME|2024-01-14]] 02:40
Pt is a [[AGE|94]] y/o female brought in by EMS from [[LOCATION|Maple Grove Nursing Home]] after a
fall. Daughter [[PERSON|Lorraine Whitcombe]] at bedside, cell [[PHONE_NUMBER|774 201 5589]].
Medicare MBI [[US_MBI|{mbi()}]]. Hx afib on apixaban. CT head neg.""",

        f"""Progress note — [[DATE_TIME|Tuesday, August 6, 2024]]
[[PERSON|Thi Ngoc Tran]], a 47-year-old with type 2 diabetes, returns for follow-up. A1c 8.1
(was 9.4 on [[DATE_TIME|4/30/24]]). Insurance: BlueCross member ID [[HEALTH_PLAN_ID|XJH{digits(9)}]].
Plan: increase metformin, refer to nutrition ([[PERSON|Gwen Sato]], RD). Return in 3 months.""",

        f"""OPERATIVE REPORT
PATIENT: [[PERSON|ABERNATHY-LYONS, CHARLES]]   MR#: [[MEDICAL_RECORD_NUMBER|{digits(7)}]]
DATE OF SURGERY: [[DATE_TIME|09/12/2023]]
SURGEON: [[PERSON|PRIYA RAGHUNATHAN]], MD
ASSISTANT: [[PERSON|DMITRI VOLKONSKY]], PA-C
PROCEDURE: Laparoscopic cholecystectomy. Estimated blood loss 20 mL. No complications.""",

        f"""Prescription
[[LOCATION|Harborview Pain & Spine Clinic]], [[STREET_ADDRESS|2200 Alder Street, Suite 410, Tacoma, WA 98402]]
Prescriber: [[PERSON|Keoni Kahananui]], DO   DEA [[US_DEA|{dea("Kahananui", "F")}]]   NPI [[US_NPI|{npi()}]]
Patient: [[PERSON|Aiyana Redcloud]]   DOB [[DATE_TIME|02-09-1990]]
Oxycodone 5 mg, #20, no refills. Date: [[DATE_TIME|10/01/2024]]""",

        """Nursing note [[DATE_TIME|12/24]] 19:00
PT RESTING COMFORTABLY. WIFE [[PERSON|MARGUERITE]] VISITED, UPDATED ON PLAN. SPOKE WITH
DR [[PERSON|HALVERSEN]] RE: K 3.2, REPLETED. PT TO GO TO [[LOCATION|ST. AGNES REHAB]] ON
[[DATE_TIME|12/27]] IF BED AVAILABLE.""",

        """Patient portal message
From: [[EMAIL_ADDRESS|henrik.aberg67@outlook.com]]
Sent: [[DATE_TIME|March 18, 2024]] 08:12 from IP [[IP_ADDRESS|73.162.48.211]]

Hi Dr. [[PERSON|Mbeki]], this is [[PERSON|Henrik Åberg]]. My blood pressure readings are
attached. Can I renew my lisinopril? My pharmacy is the one at
[[STREET_ADDRESS|90 Ferry Street, Everett, MA 02149]]. Thanks, [[PERSON|Henrik]]""",

        """Consult note
Reason: delirium. Mr. [[PERSON|Abraham Goldfarb]] is a [[AGE|97]]-year-old man from
[[LOCATION|Brookline]], admitted [[DATE_TIME|7/19/2024]]. Son [[PERSON|Eli]] (health-care proxy)
reachable at [[PHONE_NUMBER|617.277.0462]]. Lab portal: [[URL|https://results.lakesidelabs.org/r/88213]].""",

        f"""Lab requisition
Name: [[PERSON|Rafael Quintero]]   DOB: [[DATE_TIME|1983-05-30]]   Sex: M
SSN: [[US_SSN|{ssn("-")}]]
Insurance: Aetna   Policy #: [[HEALTH_PLAN_ID|W{digits(9)}]]
Ordering provider: [[PERSON|Siobhan O'Connell]], NP   NPI: [[US_NPI|{npi()}]]
Collected [[DATE_TIME|08/22/2024]]""",

        """Home health visit
Visited [[PERSON|Beatrice Van Houten]] at home, [[STREET_ADDRESS|57 Larkspur Lane, Bangor, ME 04401]].
Patient is [[AGE|91]] and lives alone; neighbor [[PERSON|Tom Greer]] checks in daily. Next visit
[[DATE_TIME|Sept. 4]]. Agency fax [[PHONE_NUMBER|207-945-6120]].""",

        f"""Radiology report
Exam date: [[DATE_TIME|January 9, 2024]]
Patient: [[PERSON|Nasrin Farahani]]   Accession [[MEDICAL_RECORD_NUMBER|{digits(9)}]]
Comparison: CT from [[DATE_TIME|10/2022]].
Impression: 6 mm right lower lobe nodule, stable. Read by [[PERSON|Gregory Pham]], MD.""",

        """Behavioral health intake
Client [[PERSON|Jordan Ellsworth-Kane]], age 29, referred by school counselor
Ms. [[PERSON|Patrice Moreau]]. Lives with grandmother in [[LOCATION|East Orange]], NJ
[[ZIP_CODE|07017]]. Emergency contact: [[PERSON|Dolores Kane]] [[PHONE_NUMBER|(973) 555-0192]].
First session [[DATE_TIME|Feb 2nd]].""",
    ]


def legal() -> list[str]:
    return [
        """UNITED STATES DISTRICT COURT
SOUTHERN DISTRICT OF NEW YORK
[[PERSON|Linnea Castellanos]], Plaintiff, v. Meridian Freight Systems, Inc., Defendant.
Case No. [[CASE_NUMBER|1:23-cv-04512-JMF]]

DECLARATION OF [[PERSON|LINNEA CASTELLANOS]]
I, [[PERSON|Linnea Castellanos]], declare: I was employed by Defendant from
[[DATE_TIME|March 2019]] until [[DATE_TIME|October 14, 2022]]. I reside at
[[STREET_ADDRESS|1147 Grand Concourse, Apt 6F, Bronx, NY 10452]].""",

        """MUTUAL NON-DISCLOSURE AGREEMENT
This Agreement is entered into as of [[DATE_TIME|January 15, 2024]] by and between Halvorsen
Analytics LLC, with offices at [[STREET_ADDRESS|600 Congress Avenue, Suite 1400, Austin, TX 78701]]
("Discloser"), and Pellucid Bio, Inc. ("Recipient"). Notices to Recipient shall be sent to
[[PERSON|Ingrid Solvang]], General Counsel, at [[EMAIL_ADDRESS|isolvang@pellucidbio.com]].
This Agreement remains in effect for two (2) years.""",

        """Engagement letter
[[DATE_TIME|April 2, 2024]]
Mr. [[PERSON|Tobias Reinholt]]
[[STREET_ADDRESS|23 Orchard Street
Montclair, NJ 07042]]

Re: Estate of [[PERSON|Greta Reinholt]] (deceased [[DATE_TIME|February 11, 2024]])

Dear Mr. [[PERSON|Reinholt]]: we are pleased to represent you as executor. Our retainer is
due on signing; please call me at [[PHONE_NUMBER|(201) 446-7734]].
[[PERSON|Adaeze Nwosu]], Esq.""",

        """NOTICE OF HEARING
Docket No. [[CASE_NUMBER|FD-13-002871-23]]
In the Matter of [[PERSON|Cecilia Marchetti]] and [[PERSON|Paolo Marchetti]].
A hearing is scheduled for [[DATE_TIME|November 19, 2024]] at 9:30 a.m. Petitioner's counsel:
[[PERSON|Ruth Abernathy]], [[PHONE_NUMBER|973-656-3900]], [[EMAIL_ADDRESS|rabernathy@abernathylaw.net]].""",

        f"""Settlement agreement (excerpt)
2. Payment. Within thirty days of the Effective Date, Defendant shall pay Plaintiff
[[PERSON|Darnell Whitfield]] the sum of $85,000 by wire to account [[US_BANK_NUMBER|{digits(10)}]],
ABA routing number [[ABA_ROUTING_NUMBER|{aba()}]].
3. Release. Plaintiff releases all claims asserted in Index No. [[CASE_NUMBER|651234/2023]].""",

        """Deposition transcript (excerpt), [[DATE_TIME|May 7, 2024]]
Q. Please state your name for the record.
A. [[PERSON|Eugenia Pakhomova]].
Q. And your date of birth?
A. [[DATE_TIME|August 30, 1961]].
Q. Where do you live?
A. [[STREET_ADDRESS|3310 Wrightwood Avenue, Chicago, Illinois 60647]].""",

        f"""Power of attorney
I, [[PERSON|Harold Beaumont]], Social Security No. [[US_SSN|{ssn("-")}]],
of [[LOCATION|Savannah]], Georgia, appoint my daughter [[PERSON|Clarissa Beaumont-Ruiz]] as my
agent. Signed this [[DATE_TIME|12th day of July, 2024]].""",

        """Client intake form
Name: [[PERSON|Samuel Oyelaran]]
Phone: [[PHONE_NUMBER|+1 404 555 0177]]   E-mail: [[EMAIL_ADDRESS|s.oyelaran@gmail.com]]
Date of incident: [[DATE_TIME|06/28/2024]]
Opposing party: [[PERSON|Victor Lindqvist]]
Prior case: [[CASE_NUMBER|2022-CV-01188]]""",

        """Letter of demand
[[DATE_TIME|September 9, 2024]]
VIA CERTIFIED MAIL
Ms. [[PERSON|Rosalind Achterberg]]
[[STREET_ADDRESS|PO Box 4471, Boise, ID 83711]]
Our client, [[PERSON|Nikhil Varadarajan]], demands payment of invoice [[ACCOUNT_NUMBER|INV-2024-00871]]
within ten days.""",

        f"""Employment agreement (excerpt)
Employee: [[PERSON|Yasmin El-Amin]]   Employee ID [[EMPLOYEE_ID|E{digits(6)}]]
Start date: [[DATE_TIME|1 October 2024]]
Employer EIN: [[US_EIN|{_rng.choice(["27", "46", "82", "94"])}-{digits(7)}]]
Work location: [[STREET_ADDRESS|75 State Street, Boston, MA 02109]]""",

        """Court order
Case [[CASE_NUMBER|CR-2023-004417]]
The defendant, [[PERSON|Marcus Delgado-Price]] (DOB [[DATE_TIME|3/14/1996]]), shall appear on
[[DATE_TIME|12/02/2024]]. Probation officer: [[PERSON|Janelle Foster]], [[PHONE_NUMBER|602-506-3411]].""",
    ]


def financial() -> list[str]:
    return [
        f"""INVOICE
Invoice No.: [[ACCOUNT_NUMBER|{digits(5)}-A]]      Date: [[DATE_TIME|07/31/2024]]
Bill to: [[PERSON|Greta Lindahl]], [[STREET_ADDRESS|812 Birchwood Drive, Madison, WI 53711]]
Customer account: [[ACCOUNT_NUMBER|C-{digits(6)}]]
Please remit by ACH to routing [[ABA_ROUTING_NUMBER|{aba()}]], account [[US_BANK_NUMBER|{digits(11)}]].
Questions: [[EMAIL_ADDRESS|billing@northlakeplumbing.com]]""",

        f"""Wire transfer instructions
Beneficiary: [[PERSON|Anneliese Vogt]]
IBAN: [[IBAN_CODE|{iban("DE", digits(8) + digits(10, "0123456789"))}]]
SWIFT/BIC: [[SWIFT_CODE|HELADEF1]]
Reference: [[ACCOUNT_NUMBER|REF{digits(7)}]]
Amount: EUR 4,250.00, value date [[DATE_TIME|15.03.2024]]""",

        f"""Dear Mr. [[PERSON|Farouk Haddad]],

We noticed a sign-in to your online banking from a new device on [[DATE_TIME|Oct 3, 2024]]
(IP address [[IP_ADDRESS|185.44.120.9]]). If this was not you, call us at
[[PHONE_NUMBER|1-800-432-1000]] and quote case [[ACCOUNT_NUMBER|{digits(8)}]].

Your card ending 4417 has been temporarily locked.
Cornerstone Savings Bank""",

        f"""Loan application (excerpt)
Applicant: [[PERSON|Beatriz Santos Oliveira]]   Date of birth: [[DATE_TIME|09/05/1987]]
SSN: [[US_SSN|{ssn("")}]]
Current address: [[STREET_ADDRESS|4506 Magnolia Blvd, Unit 12, Burbank, CA 91505]]
Employer: Sunridge Dental Group, since [[DATE_TIME|2016]]
Checking account [[US_BANK_NUMBER|{digits(9)}]] at routing [[ABA_ROUTING_NUMBER|{aba()}]]""",

        f"""Card dispute form
Cardholder: [[PERSON|Wendell Okonkwo]]
Card number: [[CREDIT_CARD|{card("4")}]]
Transaction date: [[DATE_TIME|08/19/2024]]   Amount: $612.40
Merchant: Skyline Electronics
Contact phone: [[PHONE_NUMBER|(312) 890-2214]]""",

        f"""Payroll change request
Employee: [[PERSON|Chiara Bellucci]]   SSN: [[US_SSN|{ssn("-")}]]
New direct deposit: [[IBAN_CODE|{iban("GB", "MIDL" + digits(6) + digits(8, "0123456789"), grouped=False)}]]
Effective [[DATE_TIME|1 November 2024]]. Approved by [[PERSON|Omar Siddiqui]], HR.""",

        f"""Medical billing statement
Statement date: [[DATE_TIME|05/15/2024]]
Patient: [[PERSON|Imogen Castellano]]   Account #: [[ACCOUNT_NUMBER|{digits(9)}]]
Guarantor: [[PERSON|Luis Castellano]], [[STREET_ADDRESS|19 Beacon Hill Terrace, Providence, RI 02906]]
Date of service [[DATE_TIME|04/02/2024]]: office visit, $240.00. Insurance paid $180.00.
Pay online at [[URL|https://pay.ocean-state-billing.com/acct/77201]]""",

        f"""Vendor setup form
Company: Tidewater Coastal Supply LLC   EIN: [[US_EIN|{_rng.choice(["27", "46", "82", "94"])}-{digits(7)}]]
Contact: [[PERSON|Bernadette Kowalczyk]], [[PHONE_NUMBER|757-622-3190]]
Remit-to: [[STREET_ADDRESS|1100 Harbor Point Road, Norfolk, VA 23510]]
Bank: routing [[ABA_ROUTING_NUMBER|{aba()}]], account [[US_BANK_NUMBER|{digits(12)}]]""",

        f"""Receipt
Order [[ACCOUNT_NUMBER|WEB-{digits(6)}]] placed [[DATE_TIME|2024-02-29]] by [[PERSON|Ayodele Bankole]]
Ship to: [[STREET_ADDRESS|2715 N Kedzie Ave, Chicago, IL 60647]]
Paid with AMEX [[CREDIT_CARD|{card("37", 15)}]]
Questions? [[EMAIL_ADDRESS|ayo.bankole@icloud.com]]""",

        f"""Tax preparer notes
Client [[PERSON|Ruth-Ann Szymanski]] and spouse [[PERSON|Piotr Szymanski]], MFJ.
Dependent: [[PERSON|Zofia]], born [[DATE_TIME|2015]]. Refund to account [[US_BANK_NUMBER|{digits(10)}]].
Moved to [[LOCATION|Scranton]] on [[DATE_TIME|June 1]]; new ZIP [[ZIP_CODE|18505]].""",

        f"""International payment
Pay to [[PERSON|Émilie Laurent-Duval]], [[STREET_ADDRESS|14 rue des Lilas, 69003 Lyon, France]]
IBAN [[IBAN_CODE|{iban("FR", digits(10, "123456789") + digits(11, "0123456789") + digits(2, "0123456789"))}]]
BIC [[SWIFT_CODE|AGRIFRPP839]]
Invoice [[ACCOUNT_NUMBER|F-2024-0316]] dated [[DATE_TIME|16/03/2024]]""",

        f"""Collections note
Called debtor [[PERSON|Kenneth Blaylock]] at [[PHONE_NUMBER|(405) 232-8849]] on
[[DATE_TIME|8/12]]; left voicemail. Account [[ACCOUNT_NUMBER|{digits(10)}]], balance $1,942.18.
Alternate contact (sister) [[PERSON|Darlene Blaylock]], [[EMAIL_ADDRESS|dblaylock1962@yahoo.com]].
Skip-trace portal login from [[IP_ADDRESS|10.14.3.221]].""",
    ]


def parse(marked: str) -> tuple[str, list[dict]]:
    """Strip `[[TYPE|value]]` markers; the spans of the values in the stripped text."""
    text, spans, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos:m.start()]
        text.append(before)
        length += len(before)
        kind, value = m.group(1), m.group(2)
        spans.append({"start": length, "end": length + len(value), "type": kind,
                      "value": value})
        text.append(value)
        length += len(value)
        pos = m.end()
    text.append(marked[pos:])
    return "".join(text), spans


def build() -> list[dict]:
    rows = []
    for group, docs in (("clinical", clinical()), ("legal", legal()),
                        ("financial", financial())):
        for i, marked in enumerate(docs):
            text, spans = parse(marked)
            rows.append({"id": f"{group}-{i:02d}", "text": text, "spans": spans})
    return rows


def main() -> None:
    rows = build()
    with open(OUT, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} documents, {sum(len(r['spans']) for r in rows)} spans -> {OUT}")


if __name__ == "__main__":
    main()
