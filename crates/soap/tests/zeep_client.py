#!/usr/bin/env python3
"""A generic SOAP client driven only by the WSDL (zeep), against Underlag's SSBTEK v10 endpoint.

Usage: zeep_client.py WSDL_URL PERSONNUMMER FROM TO OUT_DIR

Prints one line per observation; the Rust test `zeep.rs` asserts on them, and validates
every envelope zeep received (written to OUT_DIR as received-N.xml) against the XSD.
Exits 3 with "zeep-missing" when zeep is not installed.
"""

import datetime
import json
import os
import sys

try:
    import zeep
    from lxml import etree
    from zeep.exceptions import Fault
    from zeep.plugins import HistoryPlugin
except ImportError:
    print("zeep-missing")
    sys.exit(3)


class Keep(HistoryPlugin):
    """Writes every envelope received to OUT_DIR."""

    def __init__(self, out_dir):
        super().__init__(maxlen=1)
        self.out_dir = out_dir
        self.count = 0

    def ingress(self, envelope, http_headers, operation):
        self.count += 1
        path = os.path.join(self.out_dir, f"received-{self.count}.xml")
        with open(path, "wb") as f:
            f.write(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))
        return super().ingress(envelope, http_headers, operation)

SSBT = "http://schema.forsakringskassan.se/integration/ssbt/10"
CODES = ["AF", "CSN", "FK", "SKV", "SO", "TNS", "MIV"]


def general(person, start, end, case_id, echo):
    return {
        "frageTidpunkt": datetime.datetime(2026, 10, 31, 9, 30, tzinfo=datetime.timezone.utc),
        "korrelationsid": "zeep-1",
        "fraganSkallInkluderasISvaret": echo,
        "ingivare": {
            "organisationsnummer": "162120000142",
            "namn": "Exempelkommun",
            "handlaggare": "hl-zeep",
        },
        "personidentitet": person,
        "arendeidentitet": case_id,
        "tidsperiod": {"fromDatum": start, "tomDatum": end},
        "syfte": "Utredning av rätt till ekonomiskt bistånd",
        "lagtext": "12 kap. socialtjänstlagen (2025:400), förordning (2008:975)",
    }


def main():
    wsdl, person = sys.argv[1], sys.argv[2]
    start = datetime.date.fromisoformat(sys.argv[3])
    end = datetime.date.fromisoformat(sys.argv[4])
    keep = Keep(sys.argv[5])
    client = zeep.Client(wsdl, plugins=[keep])
    service = client.service

    test = service.testaBastjanstInformation()
    for code in CODES:
        part = test[code]
        error = part.error.felkod if part.error is not None else None
        print(f"testa {code} anropad={part.anropad} error={error}")

    everything = {code: {"inkludera": True} for code in CODES}
    answer = service.hamtaBastjanstInformation(
        generellaFrageparametrar=general(person, start, end, "EB-ZEEP-1", True),
        specifikaFrageparametrar=everything,
    )
    print(f"hamta korrelationsid={answer.korrelationsid}")
    if answer.fraga is not None and answer.fraga.generellaFrageparametrar.personidentitet == person:
        print("hamta echo personidentitet ok")
    for code in CODES:
        part = answer.svarsdata[code]
        if part is None:
            print(f"hamta {code} missing")
        elif part.data is not None:
            print(f"hamta {code} data")
        else:
            print(f"hamta {code} error {part.error.kalla} {part.error.felkod}")
    lefi = json.loads(answer.svarsdata.FK.data.lefiJsonSvar)
    disclosers = ",".join(u["utlamnare"]["kod"] for u in lefi.get("utlamnare", []))
    print(f"hamta FK lefi utlamnare={disclosers}")

    subset = {code: {"inkludera": code in ("AF", "TNS")} for code in CODES}
    answer = service.hamtaBastjanstInformation(
        generellaFrageparametrar=general(person, start, end, "EB-ZEEP-1", False),
        specifikaFrageparametrar=subset,
    )
    present = [code for code in CODES if answer.svarsdata[code] is not None]
    print("hamta subset " + ",".join(present))

    wrong = person[:11] + str((int(person[11]) + 1) % 10)
    try:
        service.hamtaBastjanstInformation(
            generellaFrageparametrar=general(wrong, start, end, "EB-ZEEP-2", False),
            specifikaFrageparametrar=everything,
        )
        print("fault none")
    except Fault as fault:
        felkod = fault.detail.find(f".//{{{SSBT}}}felkod")
        print(f"fault {felkod.text if felkod is not None else '?'}")
    print(f"received {keep.count}")


if __name__ == "__main__":
    main()
