"""Edits of a row's own fields, the part of an object that is not its state.

A state changes only through ``services.run_transition``; the rest (a task's title, an
inspection's dates, its offices) is edited by the domain services with ``model_update``.
"""
from django.db import models


def model_update(instance: models.Model, data: dict, fields) -> bool:
    """Write the values of ``data`` named in ``fields`` onto ``instance`` and save them.

    ``fields`` is what the calling service lets be edited (other keys of ``data`` are
    left alone). Plain fields are saved in one UPDATE, with ``updated_at`` when the model
    has one; many-to-many ones are set after it. Returns whether anything was written.
    Call it inside the service's transaction when many-to-many fields are among them.
    """
    names = [name for name in data if name in fields]
    plain = []
    for name in names:
        if not instance._meta.get_field(name).many_to_many:
            setattr(instance, name, data[name])
            plain.append(name)
    if plain:
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            plain.append("updated_at")
        instance.save(update_fields=plain)
    for name in names:
        if instance._meta.get_field(name).many_to_many:
            getattr(instance, name).set(data[name])
    return bool(names)
