"""What backs each item a component counts: the evidence attached to it (files, links,
documents of the register) and the signed documents its workflow recorded (the plan
document that issued the plan, a superior's assigning document, a report's outgoing
document, an inspection's conclusion notice). Read a page of items at a time."""
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import pgettext

from backend.documents.models import Document
from backend.evidence.models import Evidence
from backend.inspections.machines import FindingState
from backend.inspections.models import Inspection
from backend.plans.machines import TaskState
from backend.plans.models import ReformPlan, Task
from backend.scoring.measures import CARRIED_OUT


@dataclass(frozen=True)
class Source:
    """One piece of evidence: a file (stored once in the zip however many points it
    backs, by ``key``), a link, or a document of the register (its scan, else its link)."""

    key: tuple            # ("evidence", id) or ("document", id)
    kind: str             # "file" | "link" | "document"
    name: str
    file: object = None   # a FieldFile to copy into the zip, or None
    url: str = ""
    note: str = ""
    size: int | None = None
    label: str = ""       # what its file is named after in the zip (default: ``name``)


def _document_name(document, role=""):
    when = formats.date_format(document.date, "SHORT_DATE_FORMAT") if isinstance(document.date, datetime.date) else ""
    text = pgettext("dossier", "%(number)s dated %(date)s: %(summary)s") % {
        "number": document.number, "date": when, "summary": document.summary}
    return f"{role}: {text}" if role else text


def _of_document(document, role=""):
    return Source(key=("document", document.pk), kind="document", name=_document_name(document, role)[:500],
                  file=document.file if document.file else None, url=document.url,
                  size=document.file_size, label=f"{document.number} {document.summary}")


def _of_evidence(evidence):
    if evidence.kind == Evidence.Kind.DOCUMENT and evidence.document is not None:
        source = _of_document(evidence.document)
        return Source(key=source.key, kind="document", name=source.name, file=source.file, url=source.url,
                      note=evidence.note, size=source.size, label=source.label)
    if evidence.kind == Evidence.Kind.FILE:
        return Source(key=("evidence", evidence.pk), kind="file", name=evidence.name, file=evidence.file,
                      note=evidence.note, size=evidence.size)
    return Source(key=("evidence", evidence.pk), kind="link", name=evidence.name or evidence.url,
                  url=evidence.url, note=evidence.note)


def _attached(found, subject, ids):
    rows = (Evidence.objects.filter(**{f"{subject}_id__in": ids}).select_related("document")
            .order_by("uploaded_at", "id"))
    for evidence in rows.iterator(chunk_size=500):
        found[(subject, getattr(evidence, f"{subject}_id"))].append(_of_evidence(evidence))


def _task_documents(found, ids):
    roles = (pgettext("dossier", "Assigning document"), pgettext("dossier", "Report sent by"))
    pairs = list(Task.objects.filter(pk__in=ids).values_list("id", "source_document_id", "sent_document_id"))
    documents = Document.objects.in_bulk({pk for _task, *refs in pairs for pk in refs if pk is not None})
    for task_id, *refs in sorted(pairs):
        for pk, role in zip(refs, roles, strict=True):
            if pk is not None:
                found[("task", task_id)].append(_of_document(documents[pk], role))


def _plan_documents(found, ids):
    for plan in ReformPlan.objects.filter(pk__in=ids).select_related("issue_document"):
        if plan.issue_document is not None:
            found[("plan", plan.pk)].append(_of_document(plan.issue_document,
                                                         pgettext("dossier", "Plan issued by")))


def _inspections(found, office_ids, year):
    """An office counts as inspected by the inspections carried out there in the year:
    their conclusion notices back it."""
    inspections = (Inspection.objects.filter(offices__in=office_ids, state__in=CARRIED_OUT, start_date__year=year)
                   .select_related("conclusion_document").prefetch_related("offices").distinct()
                   .order_by("start_date", "id"))
    wanted = set(office_ids)
    for inspection in inspections:
        for office in inspection.offices.all():
            if office.pk not in wanted:
                continue
            role = pgettext("dossier", "Conclusion of the inspection “%(title)s”") % {"title": inspection.title}
            if inspection.conclusion_document is not None:
                found[("office", office.pk)].append(_of_document(inspection.conclusion_document, role))
            else:
                found[("office", office.pk)].append(Source(
                    key=("inspection", inspection.pk), kind="link", name=role,
                    note=pgettext("dossier", "no conclusion notice recorded yet")))


def sources_of(items, year) -> dict:
    """(item type, item id) → the item's sources, for a page of items of one component."""
    ids = defaultdict(list)
    for item in items:
        if item.get("id") is not None:
            ids[item["type"]].append(item["id"])
    found = defaultdict(list)
    if ids["task"]:
        _attached(found, "task", ids["task"])
        _task_documents(found, ids["task"])
    if ids["finding"]:
        _attached(found, "finding", ids["finding"])
    if ids["plan"]:
        _plan_documents(found, ids["plan"])
    if ids["office"]:
        _inspections(found, ids["office"], year)
    for item in items:
        if item["type"] == "assessment" and item.get("url"):
            found[("assessment", item["id"])].append(Source(key=("assessment", item["id"]), kind="link",
                                                            name=item.get("title") or item["url"], url=item["url"]))
    return found


STATE_LABELS = {**{("task", s.value): s.label for s in TaskState},
                **{("report", s.value): s.label for s in TaskState},
                **{("finding", s.value): s.label for s in FindingState}}


def state_label(item) -> str:
    state = item.get("state")
    if state == "missing":
        return pgettext("dossier", "not sent")
    label = STATE_LABELS.get((item.get("type"), state))
    return str(label) if label is not None else (state or "")
