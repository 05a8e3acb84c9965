"""What ``OPTIONS`` answers: the endpoint's name, what it renders and parses; the methods
are in the ``Allow`` header.

DRF's default also describes the write actions by building their serializers and
fetching the object (``get_object``) as the caller: that crashed on actions without an
id (``OPTIONS /api/v1/notifications/preferences/`` was a 500) and repeats permission
checks for nothing. The OpenAPI schema (``/api/v1/schema/``) describes every body.
"""
from rest_framework.metadata import BaseMetadata


class EndpointMetadata(BaseMetadata):
    def determine_metadata(self, request, view):
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
