"""What every page form shares: Bootstrap classes on the widgets, errors tied to fields.

    class TaskForm(PageForm): ...              (or PageModelForm)
    {% include "web/_form_errors.html" %}      the error summary at the top (GOV.UK)
    {% include "web/_form_fields.html" %}      label, control, hint and errors per field
                                               (each field: web/_field.html, also alone)
"""
from django import forms

# What a page's date field accepts: the dd/mm/yyyy people type, and the ISO date a
# browser's date picker sends.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def style_fields(form):
    """Bootstrap classes on every widget; invalid ones marked for the eye and for screen readers."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
            field.input_formats = DATE_INPUT_FORMATS
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        else:
            css = "form-control"
        classes = [widget.attrs.get("class", ""), css]
        if css not in classes[0].split():
            widget.attrs["class"] = " ".join(c for c in classes if c)
        invalid = form.is_bound and form._errors is not None and name in form._errors
        if invalid and "is-invalid" not in widget.attrs["class"]:
            widget.attrs["class"] += " is-invalid"
            widget.attrs["aria-invalid"] = "true"
            if form.auto_id:
                widget.attrs["aria-describedby"] = f"{form.auto_id % name}-errors"
        if field.help_text and form.auto_id and not invalid:
            widget.attrs["aria-describedby"] = f"{form.auto_id % name}-hint"


class PageFormMixin:
    """``{{ form }}`` renders web/_form_fields.html; errors mark their controls invalid."""

    template_name = "web/_form_fields.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def add_error(self, field, error):
        super().add_error(field, error)
        style_fields(self)


class PageForm(PageFormMixin, forms.Form):
    pass


class PageModelForm(PageFormMixin, forms.ModelForm):
    pass
