"""The 申请表 PDF (manual §3.2.4, ADR 0004, issue 5 item 7).

``render_application_form(application)`` draws it; ``application_form(application)`` returns
it from the cache, rendering it the first time it is asked for. The cache is a file in private
storage named by application pk, version and a digest of the photo, so a new version or a new
photo gets a new file and the old files of that application are removed. No wait of an hour
(domain.md §8.4): the form is there the moment the application is.

Rare characters: WenQuanYi Micro Hei has no CJK Extension B+ ideographs (𠀀 U+20000 …). They
are drawn with a TrueType fallback font when one is installed (``fonts.DEFAULT_FALLBACKS`` or
``TEACHERREG_PDF_FALLBACK_FONTS``); with none, as a crossed box, and the code points are logged.
None is installed by ``make`` today, so such a character prints as a box: the gap is tested
in ``tests/registration/test_pdf_fonts.py``.
"""

from __future__ import annotations

from teacherreg.registration.pdf.cache import application_form, cache_name, render_application_form

__all__ = ["application_form", "cache_name", "render_application_form"]
