"""The leadership criterion over HTTP (API.md "Score object"), its projection and ranking.

    GET  /api/v1/scores/?agency=&year=&evidence_limit=&lang=    the score, evidence, history
    GET  /api/v1/scores/projection/?agency=&year=&assume=&by=   "if these were finished on time"
    GET  /api/v1/scores/ranking/?province=&year=                the province's agencies, ranked
    GET  /api/v1/scores/assessments/?agency=&year=              hand-scored components
    POST /api/v1/scores/assessments/                            score one by hand (head; survey: admin)

``assume`` (projection): ``all`` (default: every open task and finding), ``tasks``,
``findings``, ``none``, or a comma list of ``task:<id>`` / ``finding:<id>`` naming open
ones. ``by`` (optional, a date from today on): they are finished that day, so those due
earlier count as done late, and the projection is as of that day; without it they are
finished on time, as of today.
"""
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from backend.criteria.models import Criterion
from backend.inspections.models import Finding
from backend.plans.models import Task
from backend.inspections.machines import OPEN_FINDING_STATES
from backend.plans.machines import OPEN_STATES

from . import rules, selectors, services
from .measures import ALL
from .models import ManualAssessment, ScoreChange

MAX_EVIDENCE = 10000


class NotConfigured(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_configured"
    default_detail = gettext_lazy(
        "no scoring methodology with a field 1 is configured for this agency and year")


# --- query parameters ------------------------------------------------------------------

class ScoreQuery(serializers.Serializer):
    agency = serializers.IntegerField(required=False, min_value=1)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    lang = serializers.ChoiceField(choices=["vi", "en"], required=False)


class ScoreDetailQuery(ScoreQuery):
    evidence_limit = serializers.IntegerField(required=False, min_value=0, max_value=MAX_EVIDENCE, default=500)


class ProjectionQuery(ScoreQuery):
    assume = serializers.CharField(required=False, default=ALL, max_length=20000)
    by = serializers.DateField(required=False)

    def validate_by(self, value):
        if value < timezone.localdate():
            raise ValidationError(_("the projection looks forward: give today or a later date"))
        return value

    def validate_assume(self, value):
        value = value.strip()
        if value in (ALL, "tasks", "findings", "none"):
            return value
        named = {"task": set(), "finding": set()}
        bad = []
        for part in filter(None, (p.strip() for p in value.split(","))):
            kind, _sep, raw = part.partition(":")
            if kind not in named or not raw.isdigit():
                bad.append(part)
            else:
                named[kind].add(int(raw))
        if bad or not any(named.values()):
            message = _("use all, tasks, findings, none, or a comma list of task:<id> and finding:<id>")
            if bad:
                message = _("%(usage)s (not understood: %(parts)s)") % {"usage": message,
                                                                       "parts": ", ".join(bad[:10])}
            raise ValidationError(message)
        return named


class RankingQuery(serializers.Serializer):
    province = serializers.CharField(max_length=128)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class AssessmentInput(serializers.Serializer):
    agency = serializers.IntegerField(required=False, min_value=1)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    criterion = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.all())
    points = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
    explanation = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=1000, default="")


def _params(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _agency_and_year(user, params):
    agency_id = params.get("agency") or user.agency_id
    if agency_id is None:
        raise ValidationError({"agency": [_("which agency? (required for a province administrator)")]})
    agency = selectors.score_agency_for(user, agency_id)
    if agency is None:
        raise NotFound(_("no such agency"))
    return agency, params.get("year") or timezone.localdate().year


def _lang(request, params):
    return params.get("lang") or getattr(request.user, "language", None) or "vi"


def _num(value):
    return float(value) if value is not None else None


# --- bodies ---------------------------------------------------------------------------------

RANKING_NOTE = gettext_lazy(
    "Index = points / the maximum the methodology's modelled components can give. Where a "
    "methodology is incomplete (complete: false) that is less than its declared maximum.")


def completeness_note(result, lang):
    """Words for an incomplete methodology (None when its components add up)."""
    if result.complete:
        return None
    with translation.override(lang):
        return _("The methodology is incomplete: its modelled components give at most %(modelled)s of the "
                 "%(declared)s points it declares (%(codes)s). Rankings use the modelled maximum.") % {
            "modelled": formats.number_format(result.modelled_max_points, 2, use_l10n=True),
            "declared": formats.number_format(result.max_points, 2, use_l10n=True),
            "codes": ", ".join(g.criterion.code for g in result.gaps)}

def assessment_body(a):
    if a is None:
        return None
    return {"id": a.pk, "agency": a.agency_id, "year": a.year, "criterion": a.criterion_id,
            "code": a.criterion.code, "points": _num(a.points), "explanation": a.explanation,
            "evidence_url": a.evidence_url or None, "assessed_by": a.assessed_by_id,
            "assessed_by_name": str(a.assessed_by) if a.assessed_by else None, "assessed_at": a.assessed_at}


def _value(component):
    value = component.measurement.value if component.measurement else None
    return float(value) if isinstance(value, Decimal) else value


def component_body(result, component, lang, evidence_limit):
    c = component.criterion
    words = rules.in_words(c, component.measure)
    m = component.measurement
    body = {
        "code": c.code, "name": c.name, "name_en": c.name_en,
        "parent": component.parent.code if component.parent else None,
        "kind": c.rule_kind, "source": component.source, "measure": c.rule.get("measure"),
        "max_points": _num(c.max_points), "points": _num(component.points), "value": _value(component),
        "counts": ({"counted": m.counted, "against": m.against, "pending": m.pending, "total": m.total}
                   if m is not None else None),
        # Facts a conditional rule relies on (e.g. inspection_carried_out for "no findings").
        "facts": m.facts if m is not None else {},
        "rule": words[lang], "rule_i18n": words,
        # Hand-scored and nobody has scored it yet: 0 points until someone does.
        "pending_assessment": component.pending,
        "assessment": assessment_body(component.assessment),
    }
    if evidence_limit is not None:
        body["evidence"] = selectors.evidence_of(result, component, evidence_limit)
    return body


def score_body(agency, score, result, lang, evidence_limit):
    """The score as computed now. ``score`` is the stored one (None: never stored yet):
    its history, ended by the points of now when they differ from the last stored ones,
    and its ``computed_at`` while it still says what the data says."""
    field = result.field
    history = list(ScoreChange.objects.filter(score=score).order_by("at", "id").values("at", "points")
                   if score is not None else [])
    computed_at = score.computed_at if selectors.score_is_current(score, result) else timezone.now()
    if not history or history[-1]["points"] != result.points:
        history.append({"at": computed_at, "points": result.points})
    return {
        "agency": agency.pk, "year": result.year,
        "methodology": {"id": field.methodology_id, "code": field.methodology.code,
                        "name": field.methodology.name, "is_template": field.methodology.is_template,
                        "complete": result.complete},
        "criterion": {"code": field.code, "name": field.name, "name_en": field.name_en,
                      "max_points": _num(field.max_points), "points": _num(result.points),
                      "modelled_max_points": _num(result.modelled_max_points),
                      "complete": result.complete,
                      "incomplete_criteria": [g.as_json() for g in result.gaps],
                      "note": completeness_note(result, lang)},
        "components": [component_body(result, c, lang, evidence_limit) for c in result.components],
        # Local time with its offset, like every other time of the API.
        "computed_at": timezone.localtime(computed_at), "as_of": result.scope.as_of,
        "history": [{"at": timezone.localtime(h["at"]), "points": _num(h["points"])} for h in history],
    }


# --- the views ----------------------------------------------------------------------------

def _query(*names):
    return [OpenApiParameter(n, OpenApiTypes.STR, OpenApiParameter.QUERY, required=False) for n in names]


class ScoreViewSet(viewsets.ViewSet):
    """The department's PAR Index leadership criterion (SPEC §7)."""

    @extend_schema(parameters=_query("agency", "year", "evidence_limit", "lang"), responses=OpenApiTypes.OBJECT)
    def list(self, request):
        params = _params(ScoreDetailQuery, request.query_params)
        agency, year = _agency_and_year(request.user, params)
        score, result = selectors.score_read(agency, year)
        if result is None:
            raise NotConfigured()
        return Response(score_body(agency, score, result, _lang(request, params), params["evidence_limit"]))

    @extend_schema(parameters=_query("agency", "year", "assume", "by", "lang"), responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"])
    def projection(self, request):
        params = _params(ProjectionQuery, request.query_params)
        agency, year = _agency_and_year(request.user, params)
        assume, by = params["assume"], params.get("by")
        tasks, findings = _assumed(agency, year, assume)
        current = selectors.criterion_score(agency, year)
        if current is None:
            raise NotConfigured()
        projected = selectors.criterion_score(agency, year, assume_tasks=tasks, assume_findings=findings,
                                              by=by)
        lang = _lang(request, params)
        components = []
        for now, then in zip(current.components, projected.components, strict=True):
            c = now.criterion
            components.append({
                "code": c.code, "name": c.name, "name_en": c.name_en, "source": now.source,
                "max_points": _num(c.max_points), "points": _num(now.points),
                "projected_points": _num(then.points), "delta": _num(then.points - now.points),
                "value": _value(now), "projected_value": _value(then),
                "rule": rules.in_words(c, now.measure)[lang],
            })
        return Response({
            "agency": agency.pk, "year": year, "by": by,
            "assume": {"tasks": _assumption_json(tasks), "findings": _assumption_json(findings)},
            "criterion": {"code": current.field.code, "name": current.field.name,
                          "max_points": _num(current.max_points), "points": _num(current.points),
                          "projected_points": _num(projected.points),
                          "delta": _num(projected.points - current.points)},
            "components": components,
        })

    @extend_schema(parameters=[OpenApiParameter("province", OpenApiTypes.STR, OpenApiParameter.QUERY,
                                                required=True), *_query("year")],
                   responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"])
    def ranking(self, request):
        params = _params(RankingQuery, request.query_params)
        if not selectors.may_see_ranking(request.user, params["province"]):
            raise PermissionDenied(_("the province ranking is for administrators"))
        year = params.get("year") or timezone.localdate().year
        return Response({"province": params["province"], "year": year,
                         "normalised_on": "modelled_max_points",
                         "note": RANKING_NOTE,
                         "results": selectors.province_ranking(params["province"], year)})

    @extend_schema(parameters=_query("agency", "year"), request=AssessmentInput, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get", "post"])
    def assessments(self, request):
        if request.method == "POST":
            data = _params(AssessmentInput, request.data)
            agency, year = _agency_and_year(request.user, {"agency": data.get("agency"), "year": data["year"]})
            assessment, created = services.manual_assessment_record(
                actor=request.user, agency=agency, year=year, criterion=data["criterion"],
                points=data["points"], explanation=data["explanation"], evidence_url=data["evidence_url"])
            return Response(assessment_body(assessment), status=201 if created else 200)
        params = _params(ScoreQuery, request.query_params)
        agency, year = _agency_and_year(request.user, params)
        rows = ManualAssessment.objects.filter(agency=agency, year=year).select_related(
            "criterion", "assessed_by").order_by("criterion__order", "criterion__code")
        return Response({"agency": agency.pk, "year": year, "results": [assessment_body(a) for a in rows]})


def _assumption_json(value):
    return value if value in (None, ALL) else sorted(value)


def _assumed(agency, year, assume):
    """The projection's (tasks, findings) assumptions; named ids must be open items of that year."""
    if assume == "none":
        return None, None
    if assume == ALL:
        return ALL, ALL
    if assume == "tasks":
        return ALL, None
    if assume == "findings":
        return None, ALL
    tasks, findings = assume["task"], assume["finding"]
    open_tasks = set(Task.objects.filter(pk__in=tasks, plan__agency=agency, plan__year=year,
                                         state__in=OPEN_STATES).values_list("pk", flat=True))
    open_findings = set(Finding.objects.filter(
        pk__in=findings, inspection__agency=agency, due_date__year=year,
        state__in=OPEN_FINDING_STATES).values_list("pk", flat=True))
    errors = {}
    if tasks - open_tasks:
        errors["assume"] = [_("not an open task of this agency's %(year)s plan: %(items)s") % {
            "year": year, "items": ", ".join(f"task:{i}" for i in sorted(tasks - open_tasks))}]
    if findings - open_findings:
        errors.setdefault("assume", []).append(
            _("not an open finding of this agency's %(year)s inspections: %(items)s") % {
                "year": year, "items": ", ".join(f"finding:{i}" for i in sorted(findings - open_findings))})
    if errors:
        raise ValidationError(errors)
    return (tasks or None), (findings or None)

