"""``GET/POST …/{id}/comments/`` for tasks and findings."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.api.inputs import valid_input

from . import services
from .access import check_may_comment
from .models import Comment


class CommentSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "author", "author_name", "body", "kind", "office", "created_at"]

    def get_author_name(self, comment) -> str:
        return str(comment.author)


class CommentInput(serializers.Serializer):
    body = serializers.CharField(max_length=10000)
    # "contribution": a supporting office's note on its part in a task.
    kind = serializers.ChoiceField(choices=Comment.Kind.choices, required=False, default=Comment.Kind.COMMENT)


class CommentsMixin:
    """Anyone who can see the subject can talk about it."""

    @extend_schema(methods=["GET"], responses={200: CommentSerializer(many=True)})
    @extend_schema(methods=["POST"], request=CommentInput, responses={201: CommentSerializer})
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, pk=None):
        subject = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(subject.comments.select_related("author").order_by("id"))
            return self.get_paginated_response(CommentSerializer(page, many=True).data)
        # Who first: a caller who may not comment hears that, not a complaint about the body.
        check_may_comment(subject, request.user)
        data = valid_input(CommentInput, request)
        comment = services.comment_add(subject=subject, actor=request.user, body=data["body"], kind=data["kind"])
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
