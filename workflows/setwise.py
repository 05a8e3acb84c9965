"""Statements over a set of rows whose cost in queries does not grow with the set.

Dispatching the events of one deadline pass touches thousands of rows at once (a
receipt per event, notifications per event). ``bulk_create`` and ``__in`` lists grow
with them: SQLite caps the parameters of a statement (Django splits a bulk insert
into statements of a few dozen rows), PostgreSQL pays one placeholder per value. Here
the whole set travels as *one* parameter per column: PostgreSQL arrays expanded by
``unnest``, or one JSON document expanded by SQLite's ``json_each``. One statement,
whatever the number of rows.
"""
import json

from django.db import connection
from django.db.models.expressions import RawSQL


def _qn(name):
    return connection.ops.quote_name(name)


def ids_in(ids):
    """A subquery of the given integer ids, for ``filter(pk__in=ids_in(ids))``: one parameter."""
    ids = sorted({int(i) for i in ids})
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    return ids


def insert_rows(model, fields, rows, *, skip_conflicts_on=None, returning=None) -> list:
    """``INSERT INTO model (fields) VALUES rows…`` as one statement; returns the ``returning``
    column of the rows actually inserted (with ``skip_conflicts_on``, the rows whose
    unique key was already taken are skipped: ``ON CONFLICT (…) DO NOTHING``).

    ``rows`` are tuples of Python values in the order of ``fields`` (field names; a
    foreign key takes the id). Values go through each field's own conversion, so
    dates, booleans and times are stored as ``bulk_create`` would store them.
    """
    if not rows:
        return []
    meta = model._meta
    model_fields = [meta.get_field(name) for name in fields]
    columns = ", ".join(_qn(f.column) for f in model_fields)
    prepared = [[f.get_db_prep_save(value, connection) for f, value in zip(model_fields, row, strict=True)]
                for row in rows]
    tail = ""
    if skip_conflicts_on:
        keys = ", ".join(_qn(meta.get_field(name).column) for name in skip_conflicts_on)
        tail += f" ON CONFLICT ({keys}) DO NOTHING"
    if returning:
        tail += f" RETURNING {_qn(meta.get_field(returning).column)}"
    table = _qn(meta.db_table)
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in model_fields)
        sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}){tail}"
        params = [list(column) for column in zip(*prepared, strict=True)]
    elif connection.vendor == "sqlite":
        values = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(model_fields)))
        # "WHERE true": SQLite's parser needs it between a SELECT and ON CONFLICT.
        sql = f"INSERT INTO {table} ({columns}) SELECT {values} FROM json_each(%s) WHERE true{tail}"
        params = [json.dumps(prepared)]
    else:
        raise NotImplementedError(f"no set-wise insert for {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()] if returning else []
