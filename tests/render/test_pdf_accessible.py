"""Every PDF the tool writes is tagged for accessibility (PDF/UA-1): structure tree, language, the
chart's text alternative."""

from __future__ import annotations

from pypdf import PdfReader

from briefing.render import write_brief


def _figures(node) -> list[str | None]:
    """The /Alt of every /Figure element under a structure element."""
    node = node.get_object()
    found = [node.get("/Alt")] if node.get("/S") == "/Figure" else []
    kids = node.get("/K")
    kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
    for kid in kids:
        kid = kid.get_object()
        if hasattr(kid, "get"):
            found.extend(_figures(kid))
    return found


def test_pdf_is_tagged_for_accessibility(brief, tmp_path, no_weasyprint_warnings):
    write_brief(brief, tmp_path, formats=("pdf",))
    reader = PdfReader(tmp_path / "brief.pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert reader.pdf_header == "%PDF-1.7"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfuaid:part" in xmp and "1" in xmp.split("pdfuaid:part", 1)[1][:12]
    alts = _figures(root["/StructTreeRoot"])
    assert alts, "the chart is not a tagged figure"
    assert all(alt and alt.startswith("Timeline of") for alt in alts), alts
