"""Reading request bodies in API views: validate with an input serializer, and resolve
references only inside what the caller may see; the transition bodies every kind of
object shares."""
from rest_framework import serializers

from backend.documents.models import Document
from backend.documents.selectors import documents_visible_to

# The longest free text a body may carry (notes, reasons, comments).
MAX_TEXT = 10000


def valid_input(serializer_class, request, partial=False) -> dict:
    """The validated body as a dict of keyword arguments for a service (400 otherwise)."""
    serializer = serializer_class(data=request.data, partial=partial, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def limit_to_visible(serializer, selectors):
    """References resolve only inside the caller's agency: others do not exist for them.

    ``selectors`` maps a field name to a ``*_visible_to(user)``; with no caller (the
    schema generator), nothing resolves.
    """
    user = getattr(serializer.context.get("request"), "user", None)
    for name, field in serializer.fields.items():
        if name in selectors:
            target = getattr(field, "child_relation", field)
            target.queryset = selectors[name](user) if user is not None else target.queryset.none()


class ReasonInput(serializers.Serializer):
    """A transition that needs a reason: return, cancel, reopen, reject an extension."""
    reason = serializers.CharField(max_length=MAX_TEXT)


class ExtendInput(serializers.Serializer):
    """A new, later due date and why (a task's or a finding's extend)."""
    due_date = serializers.DateField()
    reason = serializers.CharField(max_length=MAX_TEXT)


class DocumentReference(serializers.Serializer):
    """A body that names a signed document of the caller's agency (``document``: its id);
    another agency's document does not exist for the caller (400 on ``document``)."""
    document = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_visible(self, {"document": documents_visible_to, "source_document": documents_visible_to})


class OptionalDocumentReference(DocumentReference):
    document = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all(), required=False,
                                                  allow_null=True, default=None)


class IssueInput(DocumentReference):
    """A plan's ``approve``: it is issued (ban hành) by its signed plan document."""


class CancelInput(OptionalDocumentReference):
    """A task's ``cancel``: why, and once the plan is issued, the amendment document."""
    reason = serializers.CharField(max_length=MAX_TEXT)


class ReportInput(OptionalDocumentReference):
    """An inspection's ``report``: its conclusion notice (optional in the API contract)."""
