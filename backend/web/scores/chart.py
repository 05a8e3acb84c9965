"""The points through the year as an inline SVG drawn on the server by pygal.

pygal writes a small configuration ``<script>`` into every SVG for its optional
tooltips; the pages run no JavaScript but the bell's, so it is taken out. The SVG is an
image with a title and a description for screen readers (``role="img"``); the page
puts the same points in a table next to it.
"""
import xml.etree.ElementTree as ET

import pygal
from django.utils import formats, timezone
from pygal.style import Style

from ..templatetags.web import points as points_text

SVG = "{http://www.w3.org/2000/svg}"
STYLE = Style(
    background="transparent", plot_background="#ffffff", foreground="#1f2933",
    foreground_strong="#1f2933", foreground_subtle="#6b7280", colors=("#0b4f8a",),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    label_font_size=12, major_label_font_size=12, title_font_size=14,
)


def score_chart_svg(history, *, max_points, title, description, chart_id="score-chart") -> str:
    """``history``: [(aware datetime, Decimal points)], oldest first → ``<svg …>`` markup."""
    chart = pygal.Line(
        style=STYLE, js=[], disable_xml_declaration=True, show_legend=False, explicit_size=False,
        width=720, height=300, margin_right=36, range=(0, float(max_points)), show_dots=True, dots_size=4,
        x_label_rotation=0, show_minor_x_labels=False, truncate_label=-1,
        value_formatter=lambda v: points_text(v), formatter=lambda v: points_text(v),
    )
    chart.x_labels = [formats.date_format(timezone.localtime(at), "SHORT_DATE_FORMAT") for at, _ in history]
    # Few labels on a long history: the first, the last and some between.
    step = max(1, len(history) // 6)
    chart.x_labels_major = chart.x_labels[::step] + chart.x_labels[-1:]
    chart.add(title, [float(p) for _, p in history])
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{SVG}script", "script"):
                parent.remove(child)
    for old in [c for c in root if c.tag in (f"{SVG}title", f"{SVG}desc", "title", "desc")]:
        root.remove(old)
    title_el = ET.Element("title", {"id": f"{chart_id}-title"})
    title_el.text = title
    desc_el = ET.Element("desc", {"id": f"{chart_id}-desc"})
    desc_el.text = description
    root.insert(0, desc_el)
    root.insert(0, title_el)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("focusable", "false")
    root.set("width", "100%")
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    return ET.tostring(root, encoding="unicode")
