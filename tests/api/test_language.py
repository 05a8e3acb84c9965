"""Vietnamese by default, English on request (Accept-Language), else the user's own choice.

The wording changes with the language; the error ``code`` and the identifiers in
``details`` (states, transition names, field names) never do.
"""
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests.factories.plans import ReformPlanFactory
from tests.refusals import assert_error
from tests.sockets import Socket, run, use_layer

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"


@pytest.fixture(autouse=True)
def _restore_active_language():
    # A request leaves its language active in the thread; later tests expect theirs.
    previous = translation.get_language()
    yield
    translation.activate(previous)


def _approve_draft(api, user, task, **kwargs):
    """The head approves a task still in draft: 409, whatever the language."""
    response = api(user, **kwargs).transition("tasks", task.pk, "approve")
    return assert_error(response, 409, "invalid_transition")


# --- the default, and English on request ------------------------------------------------------

def test_a_refusal_is_in_vietnamese_when_the_request_names_no_language(world, api, make_task):
    task = make_task()
    r = api(world.head, language=None).transition("tasks", task.pk, "approve")
    error = assert_error(r, 409, "invalid_transition")
    assert error["message"] == "không thể duyệt kết quả nhiệm vụ này: không thực hiện được ở trạng thái 'draft'"
    assert r["Content-Language"] == "vi"


def test_the_same_refusal_in_english_with_accept_language_en(world, api, make_task):
    task = make_task()
    r = api(world.head, language="en").transition("tasks", task.pk, "approve")
    error = assert_error(r, 409, "invalid_transition")
    assert error["message"] == "cannot approve this task: not allowed from state 'draft'"
    assert r["Content-Language"] == "en"


def test_code_and_details_are_the_same_in_both_languages(world, api, make_task):
    task = make_task()
    vi = _approve_draft(api, world.head, task, language="vi")
    en = _approve_draft(api, world.head, task, language="en")
    assert vi["message"] != en["message"]
    assert vi["code"] == en["code"] == "invalid_transition"
    assert vi["details"] == en["details"]
    assert vi["details"]["state"] == "draft"
    assert "cancel" in vi["details"]["available_transitions"]  # identifiers, not words


def test_a_condition_hint_and_a_permission_refusal_are_translated(world, api, make_task):
    draft_plan = ReformPlanFactory(agency=world.agency, year=world.today.year + 1)
    task = make_task(plan=draft_plan)
    data = {"lead_office": world.office_a.pk}
    vi = assert_error(api(world.head, language="vi").transition("tasks", task.pk, "assign", data),
                      409, "invalid_transition")
    assert vi["message"] == "không thể giao nhiệm vụ này: kế hoạch CCHC chưa được ban hành"
    en = assert_error(api(world.head, language="en").transition("tasks", task.pk, "assign", data),
                      409, "invalid_transition")
    assert en["message"] == "cannot assign this task: the plan is not approved yet"

    forbidden = assert_error(api(world.officer, language=None).transition("tasks", task.pk, "assign", data),
                             403, "permission_denied")
    assert forbidden["message"] == "bạn không có quyền giao nhiệm vụ này"
    assert forbidden["details"] == {"transition": "assign", "state": "draft"}


def test_validation_messages_of_drf_and_ours_are_translated_field_names_are_not(world, api, make_task):
    task = make_task()
    body = {"lead_office": world.office_a.pk, "due_date": "2000-01-01"}
    vi = assert_error(api(world.head, language=None).post("/api/v1/tasks/", {}), 400, "validation_error")
    en = assert_error(api(world.head, language="en").post("/api/v1/tasks/", {}), 400, "validation_error")
    assert set(vi["details"]) == set(en["details"]) and "title" in vi["details"]
    assert vi["details"]["title"] == ["Trường này là bắt buộc."]
    assert en["details"]["title"] == ["This field is required."]

    r = api(world.head, language=None).transition("tasks", task.pk, "assign", body)
    error = assert_error(r, 400, "validation_error")
    assert error["message"] == "thông tin giao nhiệm vụ chưa đầy đủ"
    assert error["details"] == {"due_date": ["hạn hoàn thành không được là ngày đã qua"]}


def test_an_anonymous_caller_is_answered_in_vietnamese_by_default(db, api):
    error = assert_error(api(language=None).get("/api/v1/tasks/"), 401, "not_authenticated")
    assert error["message"] == "Chưa cung cấp thông tin xác thực."
    error = assert_error(api(language="en").get("/api/v1/tasks/"), 401, "not_authenticated")
    assert error["message"] == "Authentication credentials were not provided."


def test_an_unknown_url_is_answered_in_the_requested_language(world, api):
    assert assert_error(api(world.head, language=None).get("/api/v1/nothing-here/"), 404,
                        "not_found")["message"] == "không tìm thấy tài nguyên"
    assert assert_error(api(world.head, language="en").get("/api/v1/nothing-here/"), 404,
                        "not_found")["message"] == "no such resource"


# --- the user's own language when the request names none -----------------------------------

def test_without_a_header_the_users_language_applies(world, api, make_task):
    world.head.language = "en"
    world.head.save(update_fields=["language"])
    task = make_task()
    r = api(world.head, language=None).transition("tasks", task.pk, "approve")
    assert assert_error(r, 409, "invalid_transition")["message"].startswith("cannot approve this task")
    assert r["Content-Language"] == "en"


def test_the_header_wins_over_the_users_language(world, api, make_task):
    world.head.language = "en"
    world.head.save(update_fields=["language"])
    task = make_task()
    assert _approve_draft(api, world.head, task, language="vi")["message"].startswith("không thể duyệt kết quả")


def test_a_vietnamese_reader_gets_vietnamese_after_an_english_one(world, api, make_task):
    # The language is chosen per request: nothing carries over between callers.
    world.head.language = "en"
    world.head.save(update_fields=["language"])
    task = make_task()
    assert _approve_draft(api, world.head, task, language=None)["message"].startswith("cannot")
    assert _approve_draft(api, world.office_head, task, language=None)["message"].startswith("không thể")


@run
async def test_the_notification_socket_answers_in_the_users_language(world, settings):
    use_layer(settings, "memory")
    world.officer2.language = "en"
    await world.officer2.asave(update_fields=["language"])
    vietnamese, english = Socket(world.officer), Socket(world.officer2)
    assert await vietnamese.connect() and await english.connect()
    for socket in (vietnamese, english):
        await socket.send({"type": "shout"})
    assert (await vietnamese.receive())["message"] == "các loại tin nhắn hợp lệ: resume, ping"
    assert (await english.receive())["message"] == "known message types: resume, ping"
    await vietnamese.close()
    await english.close()


# --- the catalogue ------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|\{[^{}]*\}")


def test_every_entry_of_the_vietnamese_catalogue_is_translated():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert len(po) > 100
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()]
    assert not po.obsolete_entries(), [e.msgid for e in po.obsolete_entries()]
    for entry in po:
        # A placeholder lost or misspelt in translation would raise or print raw at run time.
        assert sorted(_PLACEHOLDER.findall(entry.msgid)) == sorted(_PLACEHOLDER.findall(entry.msgstr)), entry


def test_the_compiled_catalogue_is_the_current_one():
    # Compared by content, not by file times: a git checkout gives both files the same age.
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
    assert compiled == source
