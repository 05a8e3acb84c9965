"""The dossier's events and what they carry (checked when written; see
``workflows.event_schemas``). ``dossier.ready`` and ``dossier.failed`` tell the person who
asked for it (notifications.rules); the build itself has no actor."""
from workflows.event_schemas import ID, INTEGER, TEXT, register_event_schema

from backend.plans.events import TRANSITION  # the keys every transition event carries


def register_event_schemas():
    base = {"year": INTEGER, "requested_by": ID, **TRANSITION}
    register_event_schema("dossier.requested", subject="dossier", payload=base)
    register_event_schema("dossier.started", subject="dossier", payload=base)
    register_event_schema("dossier.ready", subject="dossier", payload={
        **base, "files": INTEGER, "links": INTEGER, "size": INTEGER})
    register_event_schema("dossier.failed", subject="dossier", payload={**base, "error": TEXT})
