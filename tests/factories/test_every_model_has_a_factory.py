"""Every model of ours has a factory-boy factory (tests/factories/<app>.py), and each one
builds a valid saved row."""
import importlib

import factory
import pytest
from django.apps import apps

OUR_APPS = ("backend.", "workflows", "notifications")


def _our_models():
    return [m for app in apps.get_app_configs() if app.name.startswith(OUR_APPS)
            for m in app.get_models()]


def _factories():
    found = {}
    for app in apps.get_app_configs():
        if not app.name.startswith(OUR_APPS):
            continue
        try:
            module = importlib.import_module(f"tests.factories.{app.name.rsplit('.', 1)[-1]}")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory)
                    and value._meta.model is not None):
                found.setdefault(value._meta.model, value)
    return found


def test_every_model_has_a_factory():
    missing = [m._meta.label for m in _our_models() if m not in _factories()]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", _our_models(), ids=lambda m: m._meta.label)
def test_each_factory_saves_a_row(model):
    obj = _factories()[model]()
    assert model.objects.filter(pk=obj.pk).exists()
