"""Writing comments on a task or a finding."""
from .access import check_may_comment
from .models import Comment


def comment_add(*, subject, actor, body) -> Comment:
    check_may_comment(subject, actor)
    return Comment.objects.create(author=actor, body=body, **Comment.subject_fields(subject))
