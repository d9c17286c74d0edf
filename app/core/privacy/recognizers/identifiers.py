"""Vehicle, device, licence and employee identifiers (HIPAA Safe Harbor classes 11, 12, 13
and 18).

A vehicle identification number carries its own check digit, so it is found anywhere; a
plate, a serial number, a driver's licence or an employee number is a short code only a label
before it tells apart from a lot number, a dose or a room ("Plate: 7ABC123", "S/N 4471-AX",
"Driver's license D1234567", "Badge #20931").
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from app.core.privacy.recognizers.base import label, make
from app.core.privacy.recognizers.checksums import vin_ok


def _code(length: str) -> str:
    """After a label: capitals, digits and dashes (a space only before digits: "PJN 601234"),
    with a digit, `length` the regex count of characters after the first. Case-sensitive, so
    "Serial number 4471" does not take "number"."""
    return (r"(?-i:(?=[A-Z0-9-]*(?:[ ]\d[A-Z0-9-]*)*\d)[A-Z0-9](?:[A-Z0-9-]|[ ](?=\d))"
            + length + r"\b)")


_CODE = _code("{3,19}")  # 4-20 characters
_PLATE = _code("{1,7}")  # 2-8 characters
_VIN = r"\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\b"


def _label(*words: str) -> str:
    """`base.label` with each word ending at a word's end ("PLATE" is not "PLATELETS")."""
    return label(*(w + r"\b" for w in words))


def vin() -> EntityRecognizer:
    """A VIN anywhere when its check digit holds (North American VINs carry one)."""
    return make("VEHICLE_ID", "VinRecognizer", [(_VIN, 0.6)], validator=vin_ok,
                context=["vin", "vehicle", "car", "truck", "chassis"])


def vehicle_labeled() -> EntityRecognizer:
    """After a label: any 17-character VIN (European ones have no check digit) and a plate of
    2-8 characters."""
    vin_label = _label("VIN", "vehicle identification number", "chassis number", "chassis")
    plate_label = _label("license plate", "licence plate", "number plate", "registration plate",
                        "plate", "plates", "vehicle registration", "tag number", "tag no")
    return make("VEHICLE_ID", "VehicleIdRecognizer",
                [(vin_label + r"(?-i:[A-HJ-NPR-Z0-9]{17})\b", 0.85), (plate_label + _PLATE, 0.8)])


def device() -> EntityRecognizer:
    lb = _label("serial", "serial number", "serial no", "s/n", "device id", "device serial",
               "udi", "imei", "meid", "model/serial", "implant serial", "pacemaker serial")
    return make("DEVICE_ID", "DeviceIdRecognizer", [(lb + _CODE, 0.85)])


def driver_license() -> EntityRecognizer:
    lb = _label("driver's license", "drivers license", "driver license", "driver's licence",
               "driving licence", "driving license", "license number", "licence number",
               "license no", "lic no")
    return make("US_DRIVER_LICENSE", "DriverLicenseRecognizer", [(lb + _CODE, 0.85)])


def employee_id() -> EntityRecognizer:
    lb = _label("employee", "employee id", "employee number", "staff id", "staff number",
               "badge", "badge number", "personnel number", "payroll number", "payroll id",
               "worker id")
    return make("EMPLOYEE_ID", "EmployeeIdRecognizer", [(lb + _CODE, 0.85)])


def all_identifiers() -> list[EntityRecognizer]:
    return [vin(), vehicle_labeled(), device(), driver_license(), employee_id()]
