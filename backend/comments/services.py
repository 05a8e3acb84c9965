"""Writing comments on a task or a finding."""
from .access import check_may_comment, check_may_contribute
from .models import Comment


def comment_add(*, subject, actor, body, kind=Comment.Kind.COMMENT) -> Comment:
    """A comment; ``kind="contribution"``: a supporting office's contribution note, signed
    with the office the author works in."""
    if kind == Comment.Kind.CONTRIBUTION:
        check_may_contribute(subject, actor)
        return Comment.objects.create(author=actor, body=body, kind=kind, office_id=actor.office_id,
                                      **{subject.subject_type: subject})
    check_may_comment(subject, actor)
    return Comment.objects.create(author=actor, body=body, **{subject.subject_type: subject})
