"""A glossary term is linked only where the text uses that term: never inside a longer
proper name ("Command and Control", "Senior Information Risk Owners"). The rule is
checked on every resource, against the reviewed list of the links it makes."""

from __future__ import annotations

import re

import pytest

from kbapp.ui.linking import in_longer_name
from kbapp.ui.render import render


@pytest.mark.parametrize(
    ("text", "term", "inside"),
    [
        ("The Command and Control (C&amp;C) solution", "Control", True),
        ("Senior Information Risk Owners (SIRO)", "Risk", True),
        ("Asset Disposal &amp; Information Security Alliance", "Information Security", True),
        ("Asset Disposal &amp; Information Security Alliance", "Asset", True),
        ("Risk owners and administrators should agree", "Risk", False),
        ("The Control of access", "Control", False),
        ("to improve risk management and data protection", "risk management", False),
        ("using command and control systems", "control", False),
        ("Data is an Asset. Data is Accessible", "Asset", False),
    ],
)
def test_a_term_inside_a_longer_name_is_not_that_term(text, term, inside):
    start = text.index(term)
    assert in_longer_name(text, start, start + len(term)) is inside


# Reviewed: every term link the shipped resources' pages make (resource id, text linked).
REVIEWED = {
    ("ict-asset-recovery-standard-7-0", "risk management"),
    ("ict-asset-recovery-standard-7-0", "asset"),
    ("ict-asset-recovery-standard-7-0", "risk"),
    ("detention-custody-app", "risk assessment"),
    ("national-decision-model-app", "risk"),
    ("operations-command-and-control-app", "control"),
    ("application-development", "Third party"),
    ("application-development", "risk"),
    ("end-user-device-eud-security-guidance-windows-10-1809", "Risk"),
    ("end-user-device-eud-security-guidance-windows-10-1809", "confidentiality"),
    ("end-user-device-eud-security-guidance-windows-10-1809", "integrity"),
    ("multi-agency-incident-transfer-standard", "control"),
    ("national-ict-strategic-architectural-principles", "Asset"),
    ("national-police-information-risk-appetite-statement-version-2-2", "risk"),
    ("national-police-information-risk-appetite-statement-version-2-2", "risk management"),
    ("national-police-information-risk-appetite-statement-version-2-2", "confidentiality"),
    ("national-police-information-risk-appetite-statement-version-2-2", "integrity"),
    ("iso-iec-27033-1-2015-it-security-techniques-network-security-part-1-overview", "risk"),
    ("iso-iec-27033-1-2015-it-security-techniques-network-security-part-1-overview", "control"),
    ("iso-iec-20000-1-2018-it-service-management-part-1-service-management-system", "control"),
    ("iso-iec-27004-2016-it-security-techniques-information-security-management", "information security"),
    (
        "iso-iec-27004-2016-it-security-techniques-information-security-management",
        "information security management system",
    ),
    ("iso-22301-2019-security-and-resilience-business-continuity-management-systems", "policy"),
    ("iso-iec-27013-2015-it-security-techniques-guidance-on-the-integrated", "information security management"),
    ("iso-iec-27013-2015-it-security-techniques-guidance-on-the-integrated", "information security management system"),
}


def term_links(repo):
    keys = repo.listings.standard_keys()
    found = set()
    for r in repo.listings.resources():
        record = repo.records.get(f"resource:{r['id']}")
        text = " ".join(str(record.get(k) or "") for k in ("title", "description"))
        page = render(record, repo.glossary.mentioned_in(text), False, keys).split("</h1>", 1)[1]
        found |= {(r["id"], anchor) for anchor in re.findall(r'<a href="kb:term:[^"]+">([^<]*)</a>', page)}
    return found


def test_the_links_on_every_resource_are_the_reviewed_ones(repo):
    found = term_links(repo)
    assert found == REVIEWED
    assert ("operations-command-and-control-app", "Control") not in found
