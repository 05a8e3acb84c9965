"""The OpenAPI document and its rendered docs."""


def test_schema_and_docs(world, api):
    client = api(world.officer)
    r = client.get("/api/v1/schema/", {"format": "json"})
    assert r.status_code == 200, r.content[:300]
    schema = r.json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/tasks/", "/api/v1/tasks/{id}/transitions/{name}/", "/api/v1/tasks/{id}/history/",
                 "/api/v1/plans/", "/api/v1/events/", "/api/v1/auth/token/", "/api/v1/me/"):
        assert path in schema["paths"], path
    assert client.get("/api/v1/docs/").status_code == 200


def test_schema_yaml_default(world, api):
    r = api(world.officer).get("/api/v1/schema/")
    assert r.status_code == 200 and b"openapi:" in r.content
