"""Check digits of the identifiers we validate. Pure functions on strings of digits."""

from __future__ import annotations


def luhn_ok(number: str) -> bool:
    """The Luhn mod-10 check (credit cards, NPI with its 80840 prefix)."""
    if not number.isdigit() or len(number) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def npi_ok(npi: str) -> bool:
    """A US National Provider Identifier: 10 digits, Luhn over '80840' + the number."""
    return len(npi) == 10 and npi.isdigit() and npi[0] in "12" and luhn_ok("80840" + npi)


def dea_ok(dea: str) -> bool:
    """A DEA registration number: 2 letters, 7 digits; (d1+d3+d5) + 2(d2+d4+d6) ends in d7."""
    if len(dea) != 9 or not dea[:2].isalpha() or not dea[2:].isdigit():
        return False
    d = [int(c) for c in dea[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def aba_ok(routing: str) -> bool:
    """An ABA routing number: 9 digits, 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) ≡ 0 mod 10."""
    if len(routing) != 9 or not routing.isdigit() or routing == "0" * 9:
        return False
    d = [int(c) for c in routing]
    total = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])
    return total % 10 == 0


_VIN_VALUES = {**{str(d): d for d in range(10)},
               **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
               **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10), strict=True))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_ok(vin: str) -> bool:
    """A North American vehicle identification number (49 CFR 565): 17 characters without
    I, O, Q; the 9th is the weighted sum mod 11 of all of them ('X' for 10)."""
    vin = vin.upper()
    if len(vin) != 17 or any(c not in _VIN_VALUES for c in vin):
        return False
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    check = total % 11
    return vin[8] == ("X" if check == 10 else str(check))
