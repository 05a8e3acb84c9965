from tests.imports.workbooks import department  # noqa: F401 (a fixture)
