# The socket fixtures (layer, memory_layer) are shared with the notification tests.
from tests.notifications.conftest import layer, memory_layer  # noqa: F401
