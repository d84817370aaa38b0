"""Web addresses in the white paper's reference lists: whole, each its own paragraph,
with the repairs recorded; and in the window one unit, never linked inside."""

from __future__ import annotations

import re

ADDRESS = re.compile(r"https?://\S+")


def appendix(paper, letter):
    return next(s for s in paper.sections if s.id == f"wp-appendix-{letter}")


def paragraphs(section):
    return [b["text"] for b in section.blocks if b["type"] == "paragraph"]


def test_an_address_is_a_paragraph_of_its_own(paper):
    for letter in ("d", "e"):
        for text in paragraphs(appendix(paper, letter)):
            if text.startswith("http"):
                assert " " not in text, f"an address joined to other text: {text[:120]}"


def test_wrapped_addresses_are_whole_and_the_repairs_recorded(paper):
    text = appendix(paper, "e").text + appendix(paper, "d").text
    assert "http://www.bsi-global.com/en/Shop/Publication-Detail/?pid=00000000030144033&recid=1876" in text
    assert "http://www.oecd.org/document/42/0,3343,en_2649_34255_15582250_1_1_1_1,00.html" in text
    assert (
        "http://www.mod.uk/DefenceInternet/AboutDefence/CorporatePublications/PolicyStrategyandPlanning/"
        "ReportIntoTheLossOfModPersonalData.htm"
    ) in text
    rules = {(c.line, c.rule) for c in paper.corrections}
    assert (1012, "web address broken by a line wrap") in rules
    assert (1072, "web address broken by a line wrap") in rules


def test_no_tex_residue_is_kept(paper):
    text = appendix(paper, "e").text
    assert "$" not in text and "\\\\" not in text
    assert "http://www.bsigroup.com/en/Shop/Shop-Product-List-Page/?d=N)0&q=information+security" in text
    assert any(c.rule == "TeX delimiters around a web address" and c.line == 1006 for c in paper.corrections)


def test_the_qualifications_address_stands_apart_from_the_next_paragraph(paper):
    texts = paragraphs(appendix(paper, "e"))
    assert "http://www.itil-officialsite.com/Qualifications/ITILV3QualificationScheme.asp" in texts
    assert any(t.startswith("Infosec Training Paths and Competencies (ITPC)") for t in texts)


def test_an_address_is_never_linked_inside_and_is_copied_whole():
    from kbapp.ui.linking import Linker

    mentions = [
        {"id": "abbreviation:ITIL", "title": "ITIL"},
        {"id": "abbreviation:IT", "title": "IT"},
    ]
    address = "http://www.best-management-practice.com/IT-Service-Management-ITIL/ITIL-Version-3/?a=1&b=2"
    html = Linker(mentions).link(f"ITIL is at {address}. See cc@sukiya.plus.com.")
    anchors = re.findall(r'<a href="([^"]+)">([^<]*)</a>', html)
    assert anchors[0] == ("kb:abbreviation:ITIL", "ITIL")
    assert (address.replace("&", "&amp;"), address.replace("&", "&amp;")) in anchors
    assert len(anchors) == 2  # the ITIL and IT inside the address are not links
    assert "cc@sukiya.plus.com" in html


def test_every_address_in_the_paper_is_one_link_and_copied_whole(repo):
    """The detail pane's anchors for the reference lists: each address whole, with no
    term link cut out of it; clicking copies the href, so the href is the address."""
    import html as html_module

    from kbapp.ui.render import render

    keys = repo.listings.standard_keys()
    for section_id in ("section:wp-appendix-d", "section:wp-appendix-e", "section:wp-8"):
        record = repo.records.get(section_id)
        page = render(record, repo.glossary.mentioned_in(record["text"]), False, keys)
        written = set(ADDRESS.findall(record["text"]))
        anchors = re.findall(r'<a href="(https?://[^"]+)">([^<]*)</a>', page)
        assert anchors
        for href, shown in anchors:
            href = html_module.unescape(href)
            assert href == html_module.unescape(shown)
            # the address as written, less a closing stop or bracket of the sentence
            assert any(w.startswith(href) and set(w[len(href) :]) <= set(".,;:)") for w in written), href
        for address in written:
            assert not re.search(r"<a href=\"kb:[^\"]+\">[^<]*</a>", address)
        # no term link sits between the start and the end of an address
        for m in re.finditer(r'<a href="http[^"]+">[^<]*</a>', page):
            assert "kb:" not in m.group(0)
