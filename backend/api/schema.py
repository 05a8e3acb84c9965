"""The OpenAPI document (drf-spectacular) says exactly what the API takes and answers.

- Bodies are JSON (multipart only where a view declares it, evidence files): the form
  encodings DRF also parses are not advertised.
- A list's filters are parameters of that list only (``backend.api.filters`` ignores them
  elsewhere), not of the detail routes that share its viewset.
- Every operation may answer any 4xx with the one error body of API.md (``Error``), so a
  client, and the schema fuzzer (``tests/api/test_fuzz.py``, ``bench/fuzz.py``), can check
  refusals too.
"""
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from .filters import LIST_ACTIONS

ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": "The one error body of every 4xx (API.md, Errors).",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$",
                         "description": "snake_case: not_authenticated, permission_denied, not_found, "
                                        "validation_error, invalid_transition, conflict, …"},
                "message": {"type": "string"},
                "details": {"type": "object",
                            "description": "validation_error: field → list of messages; "
                                           "invalid_transition: state, available_transitions"},
            },
        },
    },
}
WRITE_METHODS = ("post", "put", "patch", "delete")


class AutoSchema(SpectacularAutoSchema):
    def map_parsers(self):
        return ["application/json"]

    def get_filter_backends(self):
        if getattr(self.view, "action", None) not in LIST_ACTIONS:
            return []
        return super().get_filter_backends()


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "backend.accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": 'Token-based authentication with required prefix "Token"'}


class SessionAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "backend.accounts.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: the ``Error`` component, answered by every operation's 4xx."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    error = {"description": "Refused: the error body of API.md.",
             "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code in list(responses):
                if str(code).startswith("4"):
                    responses[code] = error
            responses.setdefault("4XX", error)
    return result
