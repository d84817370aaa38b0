"""A record as HTML for the detail pane: its structure kept, its links clickable.

Links are ``kb:<type>:<key>`` for records and ``kb:itil:<PUB> <section>`` for the
reverse mapping view. Outside addresses are shown, never opened by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kbapp.domain.ids import KINDS, RecordKind, key_of, record_id
from kbapp.domain.itil import itil_key
from kbapp.domain.labels import (
    INFERRED,
    INFERRED_WHY,
    clause_label,
    definition_parts,
    inferred_references,
    record_label,
    source_lines_text,
    standard_designation,
)
from kbapp.domain.mapping_rules import clause_number, mapped_edition, standard_of_table
from kbapp.ui.linking import Linker, esc

TYPE_LABELS = {kind.value: kind.label for kind in KINDS}


@dataclass(frozen=True)
class TextColours:
    """Secondary and warning text, at AA contrast on the palette in use (``ui.colours``)."""

    secondary: str = "#6b6b6b"  # on white: 5.3:1
    gap: str = "#b3261e"  # on white: 6.5:1


STYLE = """
<style>
body {{ margin: 0; }}
h1 {{ font-size: 1.45em; margin: 0 0 4px 0; }}
h2 {{ font-size: 1.1em; margin: 14px 0 4px 0; }}
.kind {{ color: {secondary}; font-size: 0.9em; text-transform: uppercase; letter-spacing: 1px; }}
.meta {{ color: {secondary}; margin-bottom: 8px; }}
.note {{ background: #fff4ce; color: #5c4400; padding: 6px; border: 1px solid #e0c36a; }}
.gap {{ color: {gap}; }}
.inherited {{ color: {secondary}; font-style: italic; }}
.source {{ color: {secondary}; font-size: 0.9em; margin-top: 14px; }}
.aside {{ color: {secondary}; font-size: 0.9em; }}
td {{ padding: 2px 8px 2px 0; vertical-align: top; }}
th {{ text-align: left; padding: 2px 8px 2px 0; }}
a {{ text-decoration: none; }}
</style>
"""


def style(colours: TextColours) -> str:
    return STYLE.format(secondary=colours.secondary, gap=colours.gap)


def blocks_html(blocks: list[dict[str, Any]], linker: Linker) -> str:
    parts = []
    for block in blocks or []:
        if block["type"] == "list":
            tag = "ol" if block.get("style") == "numbered" else "ul"
            start = f' start="{int(block.get("start", 1))}"' if tag == "ol" else ""
            items = "".join(f"<li>{linker.link(item)}</li>" for item in block["items"])
            parts.append(f"<{tag}{start}>{items}</{tag}>")
        elif block["type"] == "heading":
            parts.append(f"<h2>{esc(block['text'])}</h2>")
        else:
            text = linker.link(block["text"]).replace("\n", "<br>")
            aside = ' class="aside"' if block.get("role") == "note" else ""
            parts.append(f"<p{aside}>{text}</p>")
    return "".join(parts)


def text_blocks(text: str) -> list[dict[str, Any]]:
    """Blocks from plain text whose paragraphs stand apart and whose list items start with a bullet."""
    blocks: list[dict[str, Any]] = []
    for paragraph in (p for p in text.split("\n\n") if p.strip()):
        lines = paragraph.split("\n")
        if all(line.startswith("• ") for line in lines):
            blocks.append({"type": "list", "style": "bullet", "items": [line[2:] for line in lines]})
        else:
            blocks.append({"type": "paragraph", "text": paragraph})
    return blocks


def _source(record: dict[str, Any]) -> str:
    where = source_lines_text(record.get("source_lines"), dash="–")
    if record.get("local") == "entry":
        return '<p class="source">Source: your local entry (imports/local.json in your data folder)</p>'
    replaced = ""
    if record.get("replaces"):
        replaced = f"; it changed the entry of {esc(record['replaces'])}, which removing the import brings back"
    return f'<p class="source">Source: {esc(record.get("source"))}{", " + where if where else ""}{replaced}</p>'


def _local_banner(local: str) -> str:
    if local == "entry":
        return (
            '<p class="note"><b>Your local entry.</b> You added it; catalogue updates never change or '
            "remove it. Edit › Edit this entry changes it; Edit › Delete local entry removes it.</p>"
        )
    return (
        '<p class="note"><b>Your local override.</b> This is your text, shown in front of the entry its '
        "source gives; Edit › Revert local override brings that back.</p>"
    )


def _link_list(links: list[dict[str, Any]], relation_prefix: str | None = None) -> str:
    items = []
    for link in links:
        if relation_prefix and not link["relation"].startswith(relation_prefix):
            continue
        label = link.get("title") or key_of(link["id"])
        extra = f" (part {link['part']})" if link.get("part") else ""
        items.append(
            f'<li><a href="kb:{esc(link["id"])}">{esc(label)}</a>{esc(extra)} <span class="meta">— {esc(link["relation"])}</span></li>'
        )
    return f"<ul>{''.join(items)}</ul>" if items else ""


def render(
    record: dict[str, Any],
    mentions: list[dict[str, Any]],
    bookmarked: bool = False,
    standards: dict[str, str] | None = None,
    colours: TextColours | None = None,
    note: str = "",
) -> str:
    """``standards``: each standard record's designation key → its typed id, to link
    the identifiers the text writes (a record's own is not linked). ``note``: the
    user's note on its bookmark."""
    kind = record["type"]
    linker = Linker([m for m in mentions if m["id"] != record["id"]], standards, own=record["id"])
    star = "★ " if bookmarked else ""
    head = f'<div class="kind">{esc(TYPE_LABELS.get(kind, kind))}</div>'
    body = RENDERERS[kind](record, linker)
    if record.get("local"):
        body = _local_banner(record["local"]) + body
    if note:
        paragraphs = "<br>".join(esc(line) for line in note.splitlines())
        body = f'<p class="note"><b>Your note:</b> {paragraphs}</p>' + body
    return f"<html><head>{style(colours or TextColours())}</head><body>{head}<h1>{star}{esc(record_label(kind, record))}</h1>{body}{_source(record)}</body></html>"


def _resource(r: dict[str, Any], linker: Linker) -> str:
    abbr = f" ({esc(r['authoring_body_abbr'])})" if r.get("authoring_body_abbr") else ""
    written = ""
    if r.get("body_as_written") and not r["body_as_written"].startswith(r["authoring_body"]):
        written = f' <span class="inherited">written as “{esc(r["body_as_written"])}”</span>'
    meta = (
        f'<p class="meta">{esc(r["category"])} · published {esc(r["published"])} · '
        f'<a href="kb:search:body:&quot;{esc(r["authoring_body"])}&quot;">{esc(r["authoring_body"])}</a>{abbr}{written}</p>'
    )
    notes = ""
    for m in r.get("markings", []):
        if m["restricted"]:
            notes += f'<p class="note"><b>{esc(m["marking"])}</b>: access to this document is restricted.</p>'
    out = meta + notes + blocks_html(r.get("blocks", []), linker)
    extra = []
    standards = [link for link in r.get("links", []) if link["id"].startswith("standard:")]
    if standards:
        extra.append("<h2>Standards it names</h2>" + _link_list(standards))
    if r.get("reviews"):
        items = "".join(
            f"<li>{esc(v['reviewer'])}, {esc((v['month'] + ' ') if v['month'] else '')}{esc(v['year'])}</li>"
            for v in r["reviews"]
        )
        extra.append(f"<h2>Reviews</h2><ul>{items}</ul>")
    others = [m for m in r.get("markings", []) if not m["restricted"]]
    if others:
        extra.append(
            "<h2>Markings mentioned</h2><ul>" + "".join(f"<li>{esc(m['marking'])}</li>" for m in others) + "</ul>"
        )
    if r.get("emails"):
        extra.append("<h2>Contact</h2><ul>" + "".join(f"<li>{esc(e)}</li>" for e in r["emails"]) + "</ul>")
    return out + "".join(extra)


def _term(t: dict[str, Any], linker: Linker) -> str:
    abbr = ""
    if t.get("abbreviation"):
        abbr = f'<p class="meta">Abbreviation: <a href="kb:abbreviation:{esc(t["abbreviation"])}">{esc(t["abbreviation"])}</a></p>'
    informal = linker.link(t.get("informal_definition") or "") or '<span class="inherited">none given</span>'
    itil = linker.link(t.get("itil_definition") or "") or '<span class="inherited">none given</span>'
    pub = f"<br><i>{esc(t['itil_publication'])}</i>" if t.get("itil_publication") else ""
    table = (
        '<table width="100%"><tr><th width="50%">Informal definition</th><th width="50%">ITIL definition</th></tr>'
        f"<tr><td>{informal}</td><td>{itil}{pub}</td></tr></table>"
    )
    return abbr + table


def _abbreviation(a: dict[str, Any], linker: Linker) -> str:
    out = f"<p>{esc(a['expansion'])}</p>"
    terms = [link for link in a.get("links", []) if link["relation"] == "term"]
    bodies = [link for link in a.get("links", []) if link["relation"] == "authoring body"]
    if terms:
        out += "<h2>Glossary</h2>" + _link_list(terms)
    if bodies:
        out += "<h2>Resources by this body</h2>" + _link_list(bodies)
    return out


def _ref_row(ref: dict[str, Any]) -> str:
    pub = esc(ref.get("publication") or "")
    name = f" ({esc(ref['publication_name'])})" if ref.get("publication_name") else ""
    if ref.get("inferred_publication"):
        name += f' <span class="inherited">({INFERRED}*)</span>'
    section = esc(ref.get("section") or "")
    title = esc(ref["title"])
    if ref.get("publication") and ref.get("section"):
        # The number opens the reverse view (every clause that maps there); the title, the section's record.
        section = f'<a href="kb:itil:{pub} {section}">{section}</a>'
        record = record_id(RecordKind.ITIL, itil_key(f"{ref['publication']} {ref['section']}"))
        title = f'<a href="kb:{esc(record)}">{title}</a>'
    klass = ' class="inherited"' if ref.get("inherited") else ""
    return f"<tr{klass}><td>{pub}{name}</td><td>{section}</td><td>{title}</td></tr>"


def _itil(i: dict[str, Any], linker: Linker) -> str:
    where = " and ".join(i.get("listed_in", []))
    out = (
        f'<p class="meta">{esc(i.get("publication_name"))} ({esc(i["publication"])}) · section {esc(i["number"])}'
        f" · listed in the white paper's {esc(where)}</p>"
    )
    if i.get("note"):
        out += f"<p>{linker.link(i['note'])}</p>"
    others = [t for t in i.get("titles", []) if t != i["title"]]
    if others:
        out += "<p>Also titled: " + "; ".join(f"“{esc(t)}”" for t in others) + "</p>"
    family = [link for link in i.get("links", []) if link["id"].startswith("itil:")]
    if family:
        out += "<h2>Sections</h2>" + _link_list(family)
    clauses = i.get("clauses", [])
    if clauses:
        rows = "".join(
            f'<tr{" class=inherited" if c.get("inherited") else ""}><td><a href="kb:{esc(c["id"])}">'
            f"{esc(clause_label(c['standard'], c['clause']))}</a></td><td>{esc(c['clause_title'])}</td><td>"
            + (f"inherited from {esc(clause_number(c['inherited_from']))}" if c.get("inherited_from") else "direct")
            + "</td></tr>"
            for c in clauses
        )
        out += f"<h2>Clauses that map to it</h2><table>{rows}</table>"
        out += f'<p><a href="kb:itil:{esc(i["section_id"])}">Show in the Mappings view</a></p>'
    else:
        out += '<p class="gap">No clause of the mapping tables maps to this section.</p>'
    return out


def _mapping(m: dict[str, Any], linker: Linker) -> str:
    out = f'<p class="meta"><a href="kb:{esc(standard_of_table(m["standard"]))}">{esc(mapped_edition(m["standard"]))}</a> clause {esc(m["clause"])}</p>'
    if m.get("superseded_by"):
        out += (
            f'<p class="gap">Superseded: the catalogue holds {esc(m["superseded_by"])}. This clause number is '
            f"{esc(mapped_edition(m['standard']))}'s; check it against the edition you audit to.</p>"
        )
    refs = m.get("references", [])
    if not refs:
        out += '<p class="gap">No ITIL reference: a gap in the mapping.</p>'
    else:
        if m.get("inherited_from"):
            parent = m["inherited_from"]
            out += f'<p class="inherited">Inherited from clause <a href="kb:mapping:{esc(parent)}">{esc(clause_number(parent))}</a>.</p>'
        out += "<h2>ITIL references</h2><table><tr><th>Publication</th><th>Section</th><th>Title</th></tr>"
        out += "".join(_ref_row(r) for r in refs) + "</table>"
        if inferred_references(refs):
            out += f'<p class="inherited">* {esc(INFERRED_WHY)}</p>'
    if m.get("parent_id"):
        out += (
            f'<p>Part of clause <a href="kb:mapping:{esc(m["parent_id"])}">{esc(clause_number(m["parent_id"]))}</a></p>'
        )
    if m.get("children"):
        items = "".join(
            f'<li><a href="kb:{esc(c["id"])}">{esc(c["clause"])}</a> {esc(c["title"])}</li>' for c in m["children"]
        )
        out += f"<h2>Clauses within</h2><ul>{items}</ul>"
    return out


def _standard(s: dict[str, Any], linker: Linker) -> str:
    # The status is the white paper's, of 2009; undated it reads as today's.
    status = f"In 2009 (the paper): {esc(s['status'])}"
    if s["status"] == "mentioned":
        status = "Mentioned in passing: the sources say no more of it than is quoted here"
    if s.get("expected_publication"):
        status += f", expected then {esc(s['expected_publication'])}"
    kind = " · technical report" if s.get("technical_report") else ""
    out = f'<p class="meta">{status}{kind}</p>'
    if s.get("later_editions"):
        out += (
            f"<p>The white paper describes {esc(standard_designation(s))}; the catalogue holds the later "
            f"{'editions' if len(s['later_editions']) > 1 else 'edition'} {esc(', '.join(s['later_editions']))}. "
            f"Current in this knowledge base: <b>{esc(s['current_edition'])}</b>.</p>"
        )
    out += blocks_html(text_blocks(s.get("description") or ""), linker)
    if s.get("parts"):
        rows = "".join(
            f"<tr><td>Part {esc(p['part'])}</td><td>{esc(p['title'])}</td><td>{esc(p['status'])}</td></tr>"
            for p in s["parts"]
        )
        head = "<tr><th>Part</th><th>Title</th><th>Status in 2009</th></tr>"
        out += f"<h2>Parts</h2><table>{head}{rows}</table>"
    if s.get("relations"):
        out += (
            "<h2>Relations</h2><ul>"
            + "".join(f"<li>{esc(r['relation'])} {linker.link(r['target'])}</li>" for r in s["relations"])
            + "</ul>"
        )
    places = [link for link in s.get("links", []) if link["id"].startswith("section:")]
    if places:
        out += "<h2>Where the white paper names it</h2>" + _link_list(places)
    editions = [link for link in s.get("links", []) if link["id"].startswith("resource:")]
    if editions:
        out += "<h2>In the catalogue</h2>" + _link_list(editions)
    if any(link["id"].startswith("mapping-table:") for link in s.get("links", [])):
        out += f'<p><a href="kb:mappings:ISO/IEC {esc(s["number"])}">Open the {esc(s["designation"])} mapping table</a></p>'
    return out


def _section(s: dict[str, Any], linker: Linker) -> str:
    out = blocks_html(s.get("blocks", []), linker)
    links = s.get("links", [])
    if links:
        out += "<h2>Related</h2>" + _link_list(links)
    return out


RENDERERS = {
    "resource": _resource,
    "term": _term,
    "abbreviation": _abbreviation,
    "mapping": _mapping,
    "standard": _standard,
    "itil": _itil,
    "section": _section,
}


def tooltip_for(definition: dict[str, Any]) -> str:
    """Rich text for hovering a linked term: its definitions, short."""
    head = f"<b>{esc(definition['term'])}</b>"
    if definition.get("abbreviation") and definition["type"] == "term":
        head += f" ({esc(definition['abbreviation'])})"
    parts = [head] + [f"<i>{esc(label)}:</i> {esc(text)}" for label, text in definition_parts(definition)]
    return "<p style='white-space:normal; max-width: 420px'>" + "<br>".join(parts) + "</p>"
