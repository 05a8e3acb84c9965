"""The scoring app's event and what it carries (checked when written; see
``workflows.event_schemas``)."""
from workflows.event_schemas import ID, INTEGER, NUMBER, TEXT, list_of, nullable, register_event_schema


def register_event_schemas():
    # The leadership score's points moved (scoring.services.score_refresh).
    register_event_schema("score.changed", subject="score", payload={
        "year": INTEGER, "criterion": ID, "max_points": NUMBER, "methodology": ID,
        "old_points": NUMBER, "new_points": NUMBER, "cause_event": nullable(ID), "components": list_of(TEXT),
    })
