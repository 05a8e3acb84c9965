"""Statements over a set of rows whose cost in queries does not grow with the set.

Dispatching the events of one deadline pass touches thousands of rows at once (a
receipt per event, notifications per event). ``bulk_create`` and ``__in`` lists grow
with them: SQLite caps the parameters of a statement (Django splits a bulk insert
into statements of a few dozen rows), PostgreSQL pays one placeholder per value. Here
the whole set travels as *one* parameter, a JSON document the database expands
(PostgreSQL ``jsonb_array_elements``, SQLite ``json_each``): one statement whatever the
number of rows, and no per-value quoting by the driver. A plain insert on PostgreSQL
(nothing returned, no conflict to skip: a pass's tens of thousands of notifications)
is a ``COPY … FROM STDIN`` instead, half the time of expanding the document.
"""
import contextlib
import datetime
import decimal
import gc
import json

from django.db import connection, models
from django.db.backends.utils import CursorDebugWrapper
from django.db.models.expressions import RawSQL

# Fields whose Python values go into JSON as they are (a foreign key holds its target's id).
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)


def _qn(name):
    return connection.ops.quote_name(name)


def _to_json(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _preparer(field):
    """The field's conversion to a database value; identity where there is none to make
    (most columns, and JSON, which travels inside the document as it is), memoised
    where many rows share a value (a batch's one timestamp)."""
    if isinstance(field, models.JSONField):
        return None
    if isinstance(field, _PLAIN) and not isinstance(field, models.ForeignKey):
        return None
    if isinstance(field, models.ForeignKey) and isinstance(field.target_field, models.IntegerField):
        return None
    cache = {}

    def prepare(value):
        if value not in cache:
            cache[value] = field.get_db_prep_save(value, connection)
        return cache[value]
    return prepare


def ids_in(ids):
    """A subquery of the given integer ids, for ``filter(pk__in=ids_in(ids))``: one parameter."""
    ids = json.dumps(sorted({int(i) for i in ids}))
    if connection.vendor == "postgresql":
        return RawSQL("SELECT value::bigint FROM jsonb_array_elements_text(%s::jsonb)", [ids])
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [ids])
    return json.loads(ids)


def insert_rows(model, fields, rows, *, same=None, skip_conflicts_on=None, returning=None) -> list:
    """``INSERT INTO model (fields) VALUES rows…`` as one statement; returns the ``returning``
    column of the rows actually inserted (with ``skip_conflicts_on``, the rows whose
    unique key was already taken are skipped: ``ON CONFLICT (…) DO NOTHING``).

    ``rows`` are tuples of Python values in the order of ``fields`` (field names; a
    foreign key takes the id). Values go through each field's own conversion, so
    dates, booleans and times are stored as ``bulk_create`` would store them; a JSON
    field's value (already JSON-able) is stored as it is. The rows are inserted in
    their order, so ids from a sequence come out ascending in the order of ``rows``
    (the ``returning`` list itself may come back in any order). ``same`` (field name →
    value) sets columns every row shares (a batch's timestamp, its consumer) as one
    parameter each, not once per row in the document.
    """
    if not rows:
        return []
    meta = model._meta
    model_fields = [meta.get_field(name) for name in fields]
    same_fields = [meta.get_field(name) for name in (same or {})]
    same_params = [f.get_db_prep_save(value, connection) for f, value in zip(same_fields, (same or {}).values())]
    columns = ", ".join(_qn(f.column) for f in [*same_fields, *model_fields])
    preparers = [(i, p) for i, p in enumerate(map(_preparer, model_fields)) if p is not None]
    if connection.vendor == "postgresql" and not skip_conflicts_on and not returning:
        _copy_rows(meta, columns, same_params, model_fields, preparers, rows)
        return []
    if preparers:
        rows = [list(row) for row in rows]
        for row in rows:
            for i, prepare in preparers:
                row[i] = prepare(row[i])
    # Text as UTF-8, not \uXXXX escapes: Vietnamese titles and notification texts are
    # mostly letters with diacritics, and escaping each one made the document a third
    # larger and slower to build, quote and send (30,000 notifications: about 100 ms).
    # (Input never holds lone surrogates: the API refuses them.)
    document = json.dumps(rows, default=_to_json, separators=(",", ":"), ensure_ascii=False)
    tail = ""
    if skip_conflicts_on:
        keys = ", ".join(_qn(meta.get_field(name).column) for name in skip_conflicts_on)
        tail += f" ON CONFLICT ({keys}) DO NOTHING"
    if returning:
        tail += f" RETURNING {_qn(meta.get_field(returning).column)}"
    table = _qn(meta.db_table)
    if connection.vendor == "postgresql":
        values = ", ".join([*(f"%s::{f.db_type(connection)}" for f in same_fields),
                            *(f"(r->{i})::jsonb" if isinstance(f, models.JSONField)
                              else f"(r->>{i})::{f.db_type(connection)}" for i, f in enumerate(model_fields))])
        # jsonb: the document is parsed once; with json each ``->>`` would parse its row
        # again, column by column (twice the time of the whole insert).
        sql = f"INSERT INTO {table} ({columns}) SELECT {values} FROM jsonb_array_elements(%s::jsonb) r{tail}"
    elif connection.vendor == "sqlite":
        # ``->`` keeps a JSON value as JSON text (``json_extract`` would unquote a string).
        values = ", ".join(["%s"] * len(same_fields) + [
            f"value -> '$[{i}]'" if isinstance(f, models.JSONField) else f"json_extract(value, '$[{i}]')"
            for i, f in enumerate(model_fields)])
        # "WHERE true": SQLite's parser needs it between a SELECT and ON CONFLICT.
        sql = f"INSERT INTO {table} ({columns}) SELECT {values} FROM json_each(%s) WHERE true{tail}"
    else:
        raise NotImplementedError(f"no set-wise insert for {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*same_params, document])
        return [row[0] for row in cursor.fetchall()] if returning else []


def _copy_rows(meta, columns, same_params, model_fields, preparers, rows):
    """``COPY table (columns) FROM STDIN`` (PostgreSQL): the rows streamed as they are
    converted. COPY cannot skip conflicts or return ids, so only a plain insert comes
    here. It goes through the connection's execute wrappers and, when queries are
    logged, the query log, as ``cursor.execute`` would: query counts still see it."""
    json_columns = [i for i, f in enumerate(model_fields) if isinstance(f, models.JSONField)]
    sql = f"COPY {_qn(meta.db_table)} ({columns}) FROM STDIN"

    def copy(sql, params, many, context):
        with connection.wrap_database_errors, context["cursor"].cursor.copy(sql) as stream:
            for row in rows:
                if preparers or json_columns:
                    row = list(row)
                    for i, prepare in preparers:
                        row[i] = prepare(row[i])
                    for i in json_columns:
                        row[i] = json.dumps(row[i], default=_to_json, ensure_ascii=False)
                stream.write_row((*same_params, *row))

    with connection.cursor() as cursor:
        connection.validate_no_broken_transaction()
        # Django has no public door for COPY: its own wrapper chain, so an
        # ``execute_wrapper`` (a query counter, a blocker) sees the statement.
        if isinstance(cursor, CursorDebugWrapper):
            with cursor.debug_sql(sql):
                cursor._execute_with_wrappers(sql, None, many=False, executor=copy)
        else:
            cursor._execute_with_wrappers(sql, None, many=False, executor=copy)


@contextlib.contextmanager
def collector_paused():
    """Pause CPython's cyclic garbage collector for one set-wise batch (a deadline pass
    and its dispatch); restored on the way out.

    A batch keeps its rows alive to its end: ten thousand flagged tasks, their events,
    thirty thousand notification drafts, about a million objects in all. The
    collector starts on allocation counts and re-reads every live object each time it
    does: five or six full collections during one pass, 0.4–0.9 s of a 2 s pass, which
    free nothing, since a batch's objects form no cycles (refcounting frees them when it
    ends; one pass of 10,000 left 54 cyclic objects behind). Nested use is harmless,
    and a collector someone switched off stays off. The collector is the process's:
    another thread's cyclic garbage waits for the batch's end too (its allocations are
    counted, and the next collection after it runs as usual).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
