"""The score dashboard: the leadership criterion of an agency's plan year, read only.

A GET computes and shows; it never stores nor announces anything: the criterion from
``scoring.selectors.criterion_score`` (the numbers ``/api/v1/scores/`` gives), its
evidence from ``evidence_of``, the chart from the stored history (``ScoreChange`` rows,
ended by the points of now), the projection from the same selector the API's
``/scores/projection/`` uses, the province's ranking from ``province_ranking``. The one
write is the department head's hand-given score, a POST through
``scoring.services.manual_assessment_record``.
"""
import datetime
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, pgettext
from django.views.decorators.http import require_POST

from backend.accounts.access import is_department_head, may_administer
from backend.accounts.selectors import agencies_visible_to
from backend.criteria.models import Criterion
from backend.dossiers.access import may_build_dossier
from backend.scoring.measures import ALL
from backend.scoring.models import ScoreChange
from backend.scoring.rules import allowed_hand_points, in_words
from backend.scoring.values import value_in_words
from backend.scoring.selectors import (
    criterion_score, evidence_of, may_see_ranking, province_ranking, stored_score,
)
from backend.scoring.services import manual_assessment_record

from ..refusals import Refusal, refusal_shown
from ..templatetags.web import points as points_text
from .chart import score_chart_svg
from .forms import AssessmentForm, ProjectionForm, ScoreQueryForm

EVIDENCE_LIMIT = 10
PARTS = {"score": "web/scores/_score.html"}


def _language():
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _max_text(value):
    """10 → "10", 2.5 → "2,50": maxima are mostly whole numbers."""
    value = Decimal(value)
    return points_text(value, 0 if value == value.to_integral_value() else 2)


# --- which agency and year -------------------------------------------------------------

def _agency_and_year(request, data):
    """(query form, agency or None, year); another agency than one's own is a 404."""
    agencies = agencies_visible_to(request.user)
    form = ScoreQueryForm(data, agencies=agencies, auto_id="score-%s")
    year = timezone.localdate().year
    agency = None
    if form.is_valid():
        agency = form.cleaned_data["agency"]
        year = form.cleaned_data["year"] or year
    elif "agency" in form.errors and data.get("agency"):
        raise Http404  # not an agency this user may see: not told apart from none at all
    if agency is None and request.user.agency_id is not None:
        agency = agencies.filter(pk=request.user.agency_id).first()
    return form, agency, year


# --- the evidence of a component, as links ------------------------------------------------

def _evidence_link(item):
    kind, pk = item.get("type"), item.get("id")
    if kind == "task" and pk:
        return reverse("web:task", kwargs={"pk": pk})
    if kind == "finding" and pk:
        return reverse("web:finding", kwargs={"pk": pk})
    if kind == "plan" and pk:
        return reverse("web:plan_board", kwargs={"pk": pk})
    if kind == "assessment":
        return item.get("url")
    return None


def _evidence(result, component):
    lists = evidence_of(result, component, EVIDENCE_LIMIT)
    out = {}
    for side in ("counted", "against"):
        items = [{**item, "link": _evidence_link(item),
                  "due": _date(item.get("due_date"))} for item in lists[side]]
        out[side] = {"items": items, "total": lists[f"{side}_total"], "more": lists[f"{side}_total"] - len(items)}
    return out


def _date(iso):
    return datetime.date.fromisoformat(iso) if iso else None


def _may_assess(user, agency, criterion):
    """Mirrors the service's rule (it decides): the head scores manual parts, an admin the survey."""
    if criterion.rule_kind == Criterion.RuleKind.SURVEY:
        return may_administer(user, agency.pk)
    return is_department_head(user, agency.pk)


def _fit_to_rule(form, criterion):
    """A component whose rule allows only some values (a yes/no: 0 or its maximum) is
    answered by choosing one of them, not by typing a number the service would refuse."""
    allowed = allowed_hand_points(criterion)
    if not isinstance(allowed, list):
        return form
    field = form.fields["points"]
    shown = [formats.number_format(v, 2, use_l10n=True) for v in allowed]
    field.widget = forms.Select(choices=[("", "—"), *zip(shown, shown, strict=True)],
                                attrs=field.widget.attrs)
    field.help_text = pgettext("scores", "This component's rule allows only: %(values)s points.") % {
        "values": "; ".join(shown)}
    initial = form.initial.get("points")
    if initial is not None:
        form.initial["points"] = formats.number_format(initial, 2, use_l10n=True)
    return form


def _components(request, agency, result, lang, forms_by_criterion):
    rows = []
    for component in result.components:
        c = component.criterion
        hand = component.source in ("manual", "survey")
        may_assess = hand and _may_assess(request.user, agency, c)
        form = None
        if may_assess:
            form = forms_by_criterion.get(c.pk) or AssessmentForm(
                initial={"criterion": c.pk,
                         "points": component.assessment.points if component.assessment else None,
                         "explanation": component.assessment.explanation if component.assessment else "",
                         "evidence_url": component.assessment.evidence_url if component.assessment else ""},
                auto_id=f"assess-{c.pk}-%s")
            _fit_to_rule(form, c)
        rows.append({
            "component": component, "criterion": c, "anchor": "component-" + c.code.replace(".", "-"),
            "name": (c.name_en or c.name) if lang == "en" else c.name,
            "depth": c.code.count(".") - 1, "hand": hand,
            "rule": in_words(c, component.measure)[lang], "value": value_in_words(component),
            "max_text": _max_text(c.max_points),
            "evidence": _evidence(result, component), "form": form,
        })
    return rows


def _history(result, stored):
    """The stored steps, ended by the points of now when they differ (as the API does)."""
    steps = list(ScoreChange.objects.filter(score=stored).order_by("at", "id").values_list("at", "points")
                 if stored is not None else [])
    if not steps or steps[-1][1] != result.points:
        steps.append((timezone.now(), result.points))
    return steps


def _chart(result, history, lang):
    name = (result.field.name_en or result.field.name) if lang == "en" else result.field.name
    title = pgettext("scores", "Points of the criterion through %(year)s") % {"year": result.year}
    first, last = history[0], history[-1]
    description = pgettext(
        "scores", "%(name)s: from %(first)s points on %(first_day)s to %(last)s points on %(last_day)s, "
        "out of %(max)s; %(n)s changes.") % {
        "name": name, "first": points_text(first[1]), "last": points_text(last[1]),
        "first_day": formats.date_format(timezone.localtime(first[0]), "SHORT_DATE_FORMAT"),
        "last_day": formats.date_format(timezone.localtime(last[0]), "SHORT_DATE_FORMAT"),
        "max": _max_text(result.max_points), "n": len(history) - 1}
    return score_chart_svg(history, max_points=result.max_points, title=title, description=description)


def _projection(request, agency, year, result):
    form = ProjectionForm(request.GET or None, auto_id="projection-%s")
    by = form.cleaned_data["by"] if form.is_bound and form.is_valid() else None
    projected = criterion_score(agency, year, assume_tasks=ALL, assume_findings=ALL, by=by)
    rows = [{"code": now.criterion.code, "points": now.points, "projected": then.points,
             "delta": then.points - now.points}
            for now, then in zip(result.components, projected.components, strict=True)]
    return {"form": form, "by": by, "points": projected.points, "delta": projected.points - result.points,
            "rows": [r for r in rows if r["delta"]]}


def _dashboard_context(request, *, query_data, assessment_forms=None, assessment_refusal=None):
    form, agency, year = _agency_and_year(request, query_data)
    context = {"query_form": form, "agency": agency, "year": year,
               "agency_choice": form.fields["agency"].queryset.count() > 1 or agency is None,
               "assessment_refusal": assessment_refusal or Refusal()}
    if agency is None:
        return context
    lang = _language()
    result = criterion_score(agency, year)
    context.update(result=result, query=urlencode({"agency": agency.pk, "year": year}),
                   may_build_dossier=may_build_dossier(request.user, agency.pk))
    if result is not None:
        stored = stored_score(agency.pk, year)
        history = _history(result, stored)
        context.update(
            max_text=_max_text(result.max_points),
            incomplete=None if result.complete else {
                "modelled": _max_text(result.modelled_max_points),
                "codes": ", ".join(g.criterion.code for g in result.gaps)},
            field_name=(result.field.name_en or result.field.name) if lang == "en" else result.field.name,
            components=_components(request, agency, result, lang, assessment_forms or {}),
            history=history, chart=_chart(result, history, lang),
            projection=_projection(request, agency, year, result),
        )
    if agency.province and may_see_ranking(request.user, agency.province):
        rows = province_ranking(agency.province, year)
        for row in rows:
            row["index_text"] = (f"{formats.number_format(Decimal(str(row['index'])) * 100, 1, use_l10n=True)} %"
                                 if row["index"] is not None else "")
            row["max_text"] = _max_text(Decimal(str(row["max_points"]))) if row["max_points"] is not None else ""
            row["modelled_text"] = (_max_text(Decimal(str(row["modelled_max_points"])))
                                    if row["modelled_max_points"] is not None else "")
        context["ranking"] = {"province": agency.province, "rows": rows}
    return context


@login_required
def dashboard(request):
    context = _dashboard_context(request, query_data=request.GET)
    part = request.GET.get("part")
    template = "web/scores/dashboard.html"
    if part is not None:
        if part not in PARTS:
            raise Http404
        template = PARTS[part]
    return render(request, template, context)


@login_required
@require_POST
def assessment_record(request):
    form, agency, year = _agency_and_year(request, request.POST)
    if agency is None:
        raise Http404
    assessment = AssessmentForm(request.POST, auto_id=f"assess-{request.POST.get('criterion', 'x')}-%s")
    refusal = Refusal()
    if assessment.is_valid():
        data = assessment.cleaned_data
        criterion = Criterion.objects.filter(pk=data["criterion"]).first()
        if criterion is None:
            raise Http404
        with refusal_shown(form=assessment) as refusal:
            manual_assessment_record(actor=request.user, agency=agency, year=year, criterion=criterion,
                                     points=data["points"], explanation=data["explanation"],
                                     evidence_url=data["evidence_url"])
        if not refusal:
            messages.success(request, pgettext("scores", "The assessment is recorded; the score follows it."))
            anchor = "component-" + criterion.code.replace(".", "-")
            return redirect(f"{reverse('web:scores')}?{urlencode({'agency': agency.pk, 'year': year})}#{anchor}")
    else:
        refusal = Refusal(message=pgettext("scores", "check the form below"), code="validation_error")
    criterion_id = assessment.cleaned_data.get("criterion") if hasattr(assessment, "cleaned_data") else None
    context = _dashboard_context(
        request, query_data={"agency": agency.pk, "year": year},
        assessment_forms={criterion_id: assessment} if criterion_id else {}, assessment_refusal=refusal)
    return render(request, "web/scores/dashboard.html", context, status=refusal.status)
