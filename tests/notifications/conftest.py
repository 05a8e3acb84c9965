import pytest

from .support import use_layer


@pytest.fixture(params=["memory", "redis"])
def layer(request, settings):
    """Each socket test runs on the in-memory layer and on channels-redis (if REDIS_URL is set)."""
    use_layer(settings, request.param)
    return request.param


@pytest.fixture
def memory_layer(settings):
    use_layer(settings, "memory")
