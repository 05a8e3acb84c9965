"""The shipped criteria catalogue: present after migrate, internally consistent, served."""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from backend.criteria.models import Criterion, Methodology

FIXTURE = Path(__file__).resolve().parents[2] / "backend" / "criteria" / "fixtures" / "criteria.json"
TEMPLATE, CAMAU = "dept-template-876", "camau-1880-2013"
MEASURES = {
    "plan_issued", "plan_coverage", "plan_results_defined", "plan_completion_rate",
    "tasks_on_time_rate", "reports_on_time", "reports_complete", "inspection_coverage",
    "findings_remedied_rate", "communication", "initiatives", "head_responsibility",
}


def _catalogue(code):
    return {c.code: c for c in Criterion.objects.filter(methodology__code=code)}


@pytest.mark.django_db
def test_both_methodologies_exist_after_migrate():
    template = Methodology.objects.get(code=TEMPLATE)
    camau = Methodology.objects.get(code=CAMAU)
    assert template.is_template and not camau.is_template
    assert camau.decision == "1880/QĐ-UBND"
    assert "field 1" in camau.notes
    assert "replaces" in template.notes


@pytest.mark.django_db
def test_template_field_maxima_are_the_2948_province_maxima():
    fields = Criterion.objects.filter(methodology__code=TEMPLATE, parent=None).order_by("order")
    assert [(f.code, f.max_points) for f in fields] == [
        ("1", Decimal("10")), ("2", Decimal("10")), ("3", Decimal("14.5")), ("4", Decimal("11")),
        ("5", Decimal("16")), ("6", Decimal("7")), ("7", Decimal("16")), ("8", Decimal("15.5")),
    ]
    assert sum(f.max_points for f in fields) == 100
    assert all(f.provenance == "assumed" and f.name and f.name_en for f in fields)


@pytest.mark.django_db
def test_camau_field_one_is_the_verified_table():
    c = _catalogue(CAMAU)
    assert {code: c[code].max_points for code in c} == {
        "1": 20, "1.1": 5, "1.1.1": 1, "1.1.2": 1, "1.1.3": 1, "1.1.4": 2,
        "1.2": 2, "1.2.1": 1, "1.2.2": 1, "1.3": 3,
    }
    assert all(x.provenance == "verified" for x in c.values())
    assert c["1.1.1"].rule == {"measure": "plan_issued", "on_time": 1, "late": 0.5, "missing": 0}
    assert c["1.1.4"].rule["bands"] == [
        {"min": 0.9, "inclusive": False, "points": 2}, {"min": 0.7, "inclusive": True, "points": 1},
    ]
    assert c["1.1.1"].parent == c["1.1"] and c["1.1"].parent == c["1"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", [TEMPLATE, CAMAU])
def test_children_add_up_to_their_sum_parent(code):
    for parent in Criterion.objects.filter(methodology__code=code, rule_kind="sum"):
        children = sum(ch.max_points for ch in parent.children.all())
        if code == CAMAU and parent.code == "1":
            # Only 1.1–1.3 of Cà Mau's 20-point field 1 were read (see its notes).
            assert children == 10
        else:
            assert children == parent.max_points, parent.code


@pytest.mark.django_db
def test_every_component_has_a_known_rule_kind_and_a_readable_rule():
    kinds = set(Criterion.RuleKind.values)
    components = Criterion.objects.filter(methodology__code__in=[TEMPLATE, CAMAU], parent__isnull=False)
    assert components.count() == 9 + 9
    used = set()
    for c in components:
        assert c.rule_kind in kinds, c
        if c.rule_kind == "sum":
            assert c.rule == {} and c.children.exists()
            continue
        assert c.rule["measure"] in MEASURES, c
        used.add(c.rule["measure"])
        if c.rule_kind == "timeliness":
            assert set(c.rule) == {"measure", "on_time", "late", "missing"}
        elif c.rule_kind == "yes_no":
            assert c.rule["no"] == 0 and c.rule["yes"] == c.max_points
        elif c.rule_kind == "rate_bands":
            mins = [b["min"] for b in c.rule["bands"]]
            assert mins == sorted(mins, reverse=True)
            assert all(b["points"] <= c.max_points for b in c.rule["bands"])
            assert "otherwise" in c.rule
        elif c.rule_kind == "proportional":
            assert 0 <= c.rule["floor"] <= 1
    assert used == MEASURES


@pytest.mark.django_db
def test_template_lists_the_periodic_reports():
    reports = _catalogue(TEMPLATE)["1.4"].rule["reports"]
    assert [(r["code"], r["due"]) for r in reports] == [
        ("Q1", "03-20"), ("H1", "06-20"), ("Q3", "09-20"), ("Y", "12-20"),
    ]


@pytest.mark.django_db
def test_fixture_and_database_agree_on_pks():
    """loaddata of the fixture and the migration produce the same rows."""
    for row in json.loads(FIXTURE.read_text(encoding="utf-8")):
        model = Methodology if row["model"] == "criteria.methodology" else Criterion
        assert model.objects.get(pk=row["pk"]).code == row["fields"]["code"]


@pytest.mark.django_db
def test_new_rows_after_the_catalogue_get_fresh_pks():
    # Fails on PostgreSQL if the migration left the sequences behind the explicit pks.
    m = Methodology.objects.create(code="province-x", name="Tỉnh X")
    Criterion.objects.create(methodology=m, code="1", name="Lĩnh vực 1", max_points=10)


def test_api_lists_the_eight_template_fields(world, api):
    template = Methodology.objects.get(code=TEMPLATE)
    r = api(world.head).get("/api/v1/criteria/", {"methodology": template.pk, "parent": "null"})
    assert r.status_code == 200
    body = r.json()
    results = body["results"] if isinstance(body, dict) else body
    assert [c["code"] for c in results] == [str(i) for i in range(1, 9)]
    assert all(c["methodology"] == template.pk and c["parent"] is None for c in results)
    assert results[2]["max_points"] in ("14.50", "14.5", 14.5)

    r = api(world.head).get("/api/v1/criteria/", {"methodology": TEMPLATE, "parent": results[0]["id"]})
    codes = [c["code"] for c in (r.json()["results"] if isinstance(r.json(), dict) else r.json())]
    assert codes == [f"1.{i}" for i in range(1, 10)]
