"""A report's HTML (the page people read) → the PDF they print: the same template.

WeasyPrint lays the page out on A4 with the report's own stylesheet; it may fetch
nothing (no file, no URL): a report is built from the database alone, and a crafted
title cannot make the server read a local file or call another host.
"""
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

STYLESHEET = "reports/report.css"


def _nothing_fetched(url, *args, **kwargs):
    raise ValueError(f"reports load no external resource ({url[:80]})")


def report_html(template, context, *, request=None, for_print=False) -> str:
    return render_to_string(template, {**context, "for_print": for_print}, request=request)


def pdf_of(template, context) -> bytes:
    html = report_html(template, context, for_print=True)
    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=_nothing_fetched)
    return HTML(string=html, url_fetcher=_nothing_fetched).write_pdf(stylesheets=[stylesheet])
