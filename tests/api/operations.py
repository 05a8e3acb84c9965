"""Every operation of the API, read from its own OpenAPI schema, with real ids filled in.

Tests that must cover every endpoint (hostile input, isolation) iterate over these, so a
new endpoint is covered the day it appears; one whose resource has no id here fails
``fill`` loudly instead of being skipped.
"""
import re

from django.urls import URLPattern, URLResolver, get_resolver


METHODS = ("get", "post", "put", "patch", "delete")
# Routes of the URLconf under /api/v1/ that the schema leaves out on purpose.
NOT_IN_SCHEMA = {
    "schema/", "docs/",  # the document itself and its page
    "", "^$",  # the router's root listing
}


def schema_of(client):
    r = client.get("/api/v1/schema/", {"format": "json"})
    assert r.status_code == 200, r.content[:300]
    return r.json()


def operations(schema):
    """(method, path template, operation) for every operation of the schema."""
    return [(method, path, op) for path, ops in sorted(schema["paths"].items())
            for method, op in ops.items() if method in METHODS]


def resource_of(path):
    """``/api/v1/tasks/{id}/history/`` → ``tasks``; ``/api/v1/notifications/read-all/`` → ``notifications``."""
    return path.removeprefix("/api/v1/").split("/", 1)[0]


def names_an_object(path):
    """Whether a path parameter names one object (``{id}``, ``{plan_id}``)."""
    return bool(re.search(r"\{(\w+_)?id\}", path))


def fill(path, ids):
    """The path with its parameters filled from ``ids``: ``{id}`` by the resource just before it
    (``/plans/{plan_id}/imports/{id}/`` → ``ids["imports"]``), ``{plan_id}`` by ``ids["plans"]``,
    any other ``{name}`` by ``ids[name]``. A parameter with no value fails loudly: a new
    resource needs one in the test that uses this."""
    segments = path.split("/")
    for i, segment in enumerate(segments):
        for name in re.findall(r"\{(\w+)\}", segment):
            if name == "id":
                key = segments[i - 1]
            elif name.endswith("_id"):
                key = name.removesuffix("_id") + "s"
            else:
                key = name
            assert key in ids, f"no value for {{{name}}} ({key!r}) in {path}: give the test one"
            segment = segment.replace(f"{{{name}}}", str(ids[key]))
        segments[i] = segment
    return "/".join(segments)


def query_parameters(operation):
    return [p for p in operation.get("parameters", []) if p["in"] == "query"]


def json_body(operation):
    return "application/json" in operation.get("requestBody", {}).get("content", {})


def _route_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _route_patterns(entry, pattern)
        elif isinstance(entry, URLPattern):
            yield pattern


def api_routes():
    """Every route the URLconf serves under /api/v1/, as a schema-like path template."""
    routes = set()
    for pattern in _route_patterns():
        if not pattern.startswith("api/v1/"):
            continue
        route = pattern.removeprefix("api/v1/")
        if "(?P<format>" in route or "<drf_format_suffix" in route or route in NOT_IN_SCHEMA or route == "^.*$":
            continue
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)  # (?P<name>…) → {name}
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)  # <int:name> → {name}
        route = route.replace("{pk}", "{id}").replace("\\.", ".").lstrip("^").rstrip("$")
        routes.add("/api/v1/" + route)
    return routes


def optional_objects(world):
    """Objects of kinds other work brings (the document register, plan imports), when their
    factories exist: ids by the names URLs and bodies give them."""
    found = document_of(world.agency, world.head)
    try:
        from tests.factories.imports import PlanImportFactory  # noqa: PLC0415
    except ImportError:
        return found
    found["imports"] = PlanImportFactory(plan=world.plan, created_by=world.head).pk
    from tests.factories.dossiers import DossierFactory  # noqa: PLC0415

    found["dossiers"] = DossierFactory(agency=world.agency, year=world.plan.year, requested_by=world.head).pk
    return found


def document_of(agency, user):
    """A signed document of ``agency``'s register, by the names a URL or a body gives it.

    The register (``/api/v1/documents/``) comes from work merged separately; until it is
    there, there is nothing to name.
    """
    try:
        from tests.factories.documents import DocumentFactory  # noqa: PLC0415
    except ImportError:
        return {}
    document = DocumentFactory(agency=agency, created_by=user)
    return {"documents": document.pk, "document": document.pk, "source_document": document.pk}
