"""The OpenAPI document and its rendered docs."""
from workflows.services import transitions_of

from backend.inspections.models import Finding, Inspection
from backend.plans.models import ReformPlan, Task


def _schema(client):
    r = client.get("/api/v1/schema/", {"format": "json"})
    assert r.status_code == 200, r.content[:300]
    return r.json()


def test_schema_and_docs(world, api):
    client = api(world.officer)
    schema = _schema(client)
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/tasks/", "/api/v1/tasks/{id}/transitions/submit/", "/api/v1/tasks/{id}/history/",
                 "/api/v1/plans/", "/api/v1/events/", "/api/v1/auth/token/", "/api/v1/me/"):
        assert path in schema["paths"], path
    assert client.get("/api/v1/docs/").status_code == 200


def test_schema_yaml_default(world, api):
    r = api(world.officer).get("/api/v1/schema/")
    assert r.status_code == 200 and b"openapi:" in r.content


def test_every_transition_has_its_own_operation_and_body(world, api):
    """Each machine's transitions, each with its exact body: the fuzzer need not guess."""
    paths = _schema(api(world.officer))["paths"]
    for kind, model in [("tasks", Task), ("plans", ReformPlan), ("inspections", Inspection),
                        ("findings", Finding)]:
        for name in transitions_of(model):
            assert f"/api/v1/{kind}/{{id}}/transitions/{name}/" in paths, (kind, name)
    assign = paths["/api/v1/tasks/{id}/transitions/assign/"]["post"]["requestBody"]["content"]
    assert set(assign) == {"application/json"}
    assert assign["application/json"]["schema"]["$ref"].endswith("/AssignInputRequest")
    assert "/api/v1/tasks/{id}/transitions/{name}/" not in paths


def test_every_operation_answers_its_refusals_with_the_error_body(world, api):
    schema = _schema(api(world.officer))
    assert schema["components"]["schemas"]["Error"]["required"] == ["error"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            fourxx = [code for code in operation["responses"] if str(code).startswith("4")]
            assert fourxx, (method, path)
            for code in fourxx:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error", (method, path, code)


def test_request_bodies_are_what_the_views_read(world, api):
    paths = _schema(api(world.officer))["paths"]

    def body(path, method):
        return {media: c["schema"]["$ref"].rsplit("/", 1)[1]
                for media, c in paths[path][method]["requestBody"]["content"].items()}

    assert body("/api/v1/tasks/", "post") == {"application/json": "TaskInputRequest"}
    assert body("/api/v1/findings/", "post") == {"application/json": "FindingInputRequest"}
    assert body("/api/v1/findings/{id}/", "patch") == {"application/json": "PatchedFindingUpdateInputRequest"}
    assert body("/api/v1/tasks/{id}/evidence/", "post") == {
        "application/json": "EvidenceLinkInputRequest", "multipart/form-data": "EvidenceFileInputRequest"}
    # A detail route does not advertise its list's filters.
    params = {p["name"] for p in paths["/api/v1/findings/{id}/comments/"]["get"].get("parameters", [])}
    assert "office" not in params
