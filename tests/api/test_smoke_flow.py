"""The foundation's done-when path, through the HTTP API."""


def test_plan_to_done_path(world, api, make_task):
    head, officer = api(world.head), api(world.officer)
    task = make_task()

    r = head.transition("tasks", task.pk, "assign",
                        {"lead_office": world.office_a.pk, "assignee": world.officer.pk})
    assert r.status_code == 200, r.json()
    assert r.json()["state"] == "assigned"
    assert "start" in officer.get(f"/api/v1/tasks/{task.pk}/").json()["available_transitions"]

    assert officer.transition("tasks", task.pk, "start").json()["state"] == "in_progress"
    r = officer.transition("tasks", task.pk, "submit", {"result_note": "Đã ban hành kế hoạch"})
    assert r.json()["state"] == "submitted", r.json()
    r = head.transition("tasks", task.pk, "approve")
    assert r.status_code == 200
    body = r.json()
    assert body["state"] == "done" and body["completed_on_time"] is True

    events = head.get("/api/v1/events/").json()["results"]
    assert [e["type"] for e in events] == ["task.assigned", "task.started", "task.submitted", "task.completed"]
    history = head.get(f"/api/v1/tasks/{task.pk}/history/").json()["results"]
    assert [(h["from"], h["to"]) for h in history] == [
        ("draft", "assigned"), ("assigned", "in_progress"), ("in_progress", "submitted"),
        ("submitted", "done"),
    ]
