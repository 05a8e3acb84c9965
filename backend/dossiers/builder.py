"""Building one dossier: every component of the criterion, every item it counts, every
file and link behind each item, into the zip and its index (``archive``), a page of
items at a time, telling ``progress`` how far it got."""
from django.utils import timezone
from django.utils.translation import pgettext

from backend.reports.letterhead import letterhead_for
from backend.reports.scores import score_report
from backend.reports.workbooks import score_workbook
from backend.scoring.selectors import criterion_score, evidence_lists

from .archive import INDEX_NAME, Archive, Index, folder_of
from .contents import sources_of, state_label

PAGE = 200
REPORT_NAME = "00_bao-cao-tu-danh-gia.xlsx"


class Summary:
    def __init__(self):
        self.files = 0
        self.link_keys = set()  # a link backing several points is one link
        self.points = self.max_points = None

    @property
    def links(self):
        return len(self.link_keys)


def _pages(items, size=PAGE):
    page = []
    for item in items:
        page.append(item)
        if len(page) == size:
            yield page
            page = []
    if page:
        yield page


def write_dossier(agency, year, path, workdir, *, progress) -> Summary:
    """Write the dossier of ``agency``'s ``year`` to ``path`` (a zip); ``workdir`` holds
    the index while it is written. ``progress(done, total)`` is told as items pass."""
    result = criterion_score(agency, year)
    if result is None:
        raise LookupError("the agency has no methodology to be scored with")
    summary = Summary()
    summary.points, summary.max_points = result.points, result.max_points
    components = [(component, evidence_lists(result, component)) for component in result.components]
    counted = [lists.total("counted") for _component, lists in components]
    total = sum(counted)  # the progress's 100%: every counted item gone through
    done = 0
    progress(done, total)
    archive = Archive(path)
    index = Index(agency=agency, year=year, result=result, as_of=result.scope.as_of or timezone.localdate())
    try:
        for (component, lists), counts in zip(components, counted, strict=True):
            folder = folder_of(component)
            numbered = 0
            if component.pending:
                index.line(component, "", note=pgettext("dossier", "not scored yet"))
            elif counts == 0 and component.source != "sum":
                index.line(component, "", note=pgettext("dossier", "nothing counts for this component"))
            for page in _pages(lists.each("counted")):
                found = sources_of(page, year)
                for item in page:
                    title = item.get("title") or ""
                    sources = found.get((item["type"], item["id"]), [])
                    if not sources:
                        index.line(component, title, note=pgettext("dossier", "no evidence attached"))
                    for source in sources:
                        if source.file is not None:
                            numbered += 1
                            where = archive.add_source(folder, f"{component.criterion.code}_{numbered:04d}", source)
                            note = "" if where else pgettext("dossier", "the file is missing from the storage")
                            index.line(component, title, source, where or "", note)
                        else:
                            if source.url:
                                summary.link_keys.add(source.key)
                            index.line(component, title, source, source.url)
                    done += 1
                progress(done, total)
            for item in lists.each("against"):
                index.against_line(component, item, state_label(item))
        index_path = workdir / INDEX_NAME
        index.save(index_path)
        archive.add_path(index_path, INDEX_NAME)
        # The self-assessment of the same computed score (not computed a second time).
        report = score_report(agency, result)
        archive.add_bytes(score_workbook(report, letterhead_for(agency, on=timezone.localdate())), REPORT_NAME)
        summary.files = archive.files
    except BaseException:
        index.discard()
        raise
    finally:
        archive.close()
    return summary
