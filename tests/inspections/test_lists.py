"""Lists: filters, and a fixed number of queries whatever the page size."""
import datetime

import pytest

from tests.factories.inspections import FindingFactory, InspectionFactory


def _ids(response):
    assert response.status_code == 200, response.json()
    return sorted(item["id"] for item in response.json()["results"])


def test_finding_filters(cast, api, make_inspection, make_finding):
    first, second = make_inspection(), make_inspection(state="reported")
    a_open = make_finding(inspection=first)
    a_late = make_finding(inspection=first, state="in_remediation", overdue=True,
                          overdue_since=cast.today, severity="high")
    b_closed = make_finding(inspection=second, office=cast.office_b, state="closed", severity="low")
    b_sub = make_finding(inspection=second, office=cast.office_b, state="remediation_submitted")
    client = api(cast.head)
    get = lambda **q: _ids(client.get("/api/v1/findings/", q))  # noqa: E731
    assert get() == sorted([a_open.pk, a_late.pk, b_closed.pk, b_sub.pk])
    assert get(state="open") == [a_open.pk]
    assert client.get("/api/v1/findings/?state=open&state=closed").json()["count"] == 2
    assert get(office=cast.office_b.pk) == sorted([b_closed.pk, b_sub.pk])
    assert get(inspection=first.pk) == sorted([a_open.pk, a_late.pk])
    assert get(overdue="true") == [a_late.pk]
    assert get(overdue="false") == sorted([a_open.pk, b_closed.pk, b_sub.pk])
    assert get(severity="high") == [a_late.pk]
    assert get(open="false") == [b_closed.pk]
    assert get(office=cast.other_office.pk) == []
    assert client.get("/api/v1/findings/", {"state": "nope"}).status_code == 400


def test_inspection_filters(cast, api, make_inspection):
    planned = make_inspection(state="planned", offices=[cast.office_a])
    running = make_inspection(state="in_progress", offices=[cast.office_a, cast.office_b])
    client = api(cast.officer)
    assert _ids(client.get("/api/v1/inspections/", {"state": "planned"})) == [planned.pk]
    assert _ids(client.get("/api/v1/inspections/", {"office": cast.office_b.pk})) == [running.pk]
    assert _ids(client.get("/api/v1/inspections/", {"office": cast.office_a.pk})) == sorted(
        [planned.pk, running.pk])
    assert _ids(client.get("/api/v1/inspections/", {"year": cast.today.year})) == sorted([planned.pk, running.pk])


def _fill(cast, n):
    for i in range(n):
        inspection = InspectionFactory(agency=cast.agency, offices=[cast.office_a, cast.office_b],
                                       inspectors=[cast.inspector, cast.inspector2],
                                       state=["planned", "in_progress", "reported"][i % 3],
                                       start_date=cast.today - datetime.timedelta(days=i))
        for state in ("open", "remediation_submitted"):
            FindingFactory(inspection=inspection, office=cast.office_a, state=state)


@pytest.mark.parametrize("who", ["inspector", "officer"])
def test_lists_take_a_fixed_number_of_queries(cast, api, django_assert_max_num_queries, who):
    client = api(getattr(cast, who))
    _fill(cast, 2)
    with django_assert_max_num_queries(12) as small:
        assert client.get("/api/v1/inspections/").json()["count"] == 2
    with django_assert_max_num_queries(12) as small_f:
        assert client.get("/api/v1/findings/").json()["count"] == 4
    _fill(cast, 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/api/v1/inspections/", {"page_size": 200}).json()["count"] == 12
    with django_assert_max_num_queries(len(small_f.captured_queries)):
        assert client.get("/api/v1/findings/", {"page_size": 200}).json()["count"] == 24
