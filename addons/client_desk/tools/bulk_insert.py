"""Creating many records of a model in a few statements, storing what Model.create() stores.

    records = bulk_insert(Model, vals_list, computed={"display_name": lambda id_, row: ...})

For imports of thousands of records (clients, campaign recipients) where the ORM's create()
takes ~10 ms a record. It mirrors BaseModel.create/_create for plain models: defaults
(default_get), False for missing booleans, values converted to their columns, selection values
checked, many2many rows, stored computed fields, constraints and access rules checked. It does
NOT run create() overrides: the caller checks with create_overrides() that none matters, and
does itself what the ones it knows do. Anything it cannot do raises BulkNotPossible, so the
caller falls back to the ORM.

Nothing here knows a particular model.
"""
from psycopg2.extras import execute_values

from odoo.models import MAGIC_COLUMNS, BaseModel

PAGE_SIZE = 1000


class BulkNotPossible(Exception):
    """These values need something of create() that the bulk insert does not do: use the ORM."""


def method_module(Model, method):
    """Python module of the class that defines Model's method as it runs."""
    for cls in type(Model).__mro__:
        if method in vars(cls):
            return cls.__module__
    return None


def create_overrides(Model, safe_modules):
    """Python modules overriding Model.create() that are not in safe_modules (the modules whose
    create() the caller reproduces or knows to be a no-op for its records)."""
    return [cls.__module__ for cls in type(Model).__mro__
            if "create" in vars(cls) and cls.__module__ not in safe_modules]


def insert_relation(Model, field, pairs):
    """Rows of a many2many relation of Model: (record id, target id); existing ones kept."""
    if not pairs:
        return
    # Relation names come from the field definition, never from user input.
    query = 'INSERT INTO "%s" ("%s", "%s") VALUES %%s ON CONFLICT DO NOTHING' % (
        field.relation, field.column1, field.column2)
    execute_values(Model.env.cr, query, sorted(set(pairs)), page_size=PAGE_SIZE)
    Model.invalidate_cache([field.name], sorted({record_id for record_id, _target in pairs}))
    Model.env[field.comodel_name].invalidate_cache()


def _relation_pairs(field, ids, rows):
    """(record id, target id) of the (6, 0, ids) and (4, id) commands of a many2many field."""
    pairs = []
    for record_id, row in zip(ids, rows):
        for command in row.get(field.name) or []:
            if command[0] == 6:
                pairs += [(record_id, target) for target in command[2]]
            elif command[0] == 4:
                pairs.append((record_id, command[1]))
            else:
                raise BulkNotPossible(field.name)
    return pairs


def _company_default(Model, name):
    """The default property of a company-dependent field, as default_get gives it."""
    value = Model.env["ir.property"].get(name, Model._name)
    return value.id if isinstance(value, BaseModel) else value


def _rows_with_defaults(Model, vals_list):
    """vals_list completed with Model's defaults, as create() completes them."""
    missing = [name for name in Model._fields if name not in MAGIC_COLUMNS
               and any(name not in vals for vals in vals_list)]
    defaults = Model.default_get(missing) if missing else {}
    for name, value in list(defaults.items()):
        if Model._fields[name].type == "many2many" and value and isinstance(value[0], int):
            defaults[name] = [(6, 0, value)]
        elif Model._fields[name].company_dependent and value == _company_default(Model, name):
            # create() stores a company-dependent value only where it differs from the
            # company's default property (accounting's receivable/payable accounts).
            del defaults[name]
    rows = []
    for vals in vals_list:
        row = dict(defaults, **vals)
        for name in ("parent_left", "parent_right"):
            row.pop(name, None)
        rows.append(row)
    return rows


def _columns_and_relations(Model, rows, computed):
    """(fields stored in the table, many2many fields) that the rows fill."""
    names = {name for row in rows for name in row if name not in MAGIC_COLUMNS}
    columns, relations = [], []
    for name in sorted(names):
        field = Model._fields.get(name)
        if field is None:
            continue
        if not field.store:
            # create() would call the inverse of such a field: not done in bulk.
            if field.inverse and any(row.get(name) for row in rows):
                raise BulkNotPossible(field.name)
            continue
        if field.column_type:
            columns.append(field)
        elif field.type == "many2many":
            relations.append(field)
        elif any(row.get(name) for row in rows):
            raise BulkNotPossible(field.name)
    columns = [field for field in columns if field.name not in computed]
    columns += [field for name, field in sorted(Model._fields.items())
                if field.type == "boolean" and field.store and name not in names and name not in MAGIC_COLUMNS
                and name not in computed]
    for field in columns:
        if field.type in ("selection", "reference"):
            for value in {row.get(field.name) for row in rows if row.get(field.name)}:
                Model._check_selection_field_value(field.name, value)
    return columns, relations


def bulk_insert(Model, vals_list, computed=None):
    """Inserts a record of Model for each vals, as Model.create(vals) stores it (see module
    doc); returns the records in the order of vals_list.

    computed gives {field name: function(id, row)} for stored computed fields whose value the
    caller knows (cheaper than computing); the other stored computed fields are computed by
    their own methods (store_computed)."""
    computed = computed or {}
    Model.check_access_rights("create")
    if not vals_list:
        return Model.browse()
    cr = Model.env.cr
    rows = _rows_with_defaults(Model, vals_list)
    columns, relations = _columns_and_relations(Model, rows, computed)
    cr.execute("SELECT nextval(%s) FROM generate_series(1, %s)", (Model._sequence, len(rows)))
    ids = [record_id for (record_id,) in cr.fetchall()]
    for record_id, row in zip(ids, rows):
        row.update({name: function(record_id, row) for name, function in computed.items()})
    columns += [Model._fields[name] for name in sorted(computed)]
    empty = Model.browse()
    uid = Model.env.uid
    data = [
        [record_id] + [field.convert_to_column(row.get(field.name, False), empty, row) for field in columns]
        + [uid, uid]
        for record_id, row in zip(ids, rows)
    ]
    # Table and column names come from the model's fields, never from user input.
    query = 'INSERT INTO "%s" (id, %s, create_uid, write_uid, create_date, write_date) VALUES %%s' % (
        Model._table, ", ".join('"%s"' % field.name for field in columns))
    template = "(%%s, %s, %%s, %%s, (now() at time zone 'UTC'), (now() at time zone 'UTC'))" % ", ".join(
        field.column_format for field in columns)
    execute_values(cr, query, data, template=template, page_size=PAGE_SIZE)
    for field in relations:
        insert_relation(Model, field, _relation_pairs(field, ids, rows))
    records = Model.browse(ids)
    records.modified(list(Model._fields))
    for name in computed:
        records._recompute_done(Model._fields[name])
    store_computed(records, rows)
    records._validate_fields({field.name for field in columns} | {field.name for field in relations})
    Model.recompute()
    records.check_access_rule("create")
    return records


def store_computed(records, rows=None, batch=200):
    """Stores the stored computed fields that records still have to recompute: computed by
    their own methods, batch records at a time (Odoo 11's cache slows down quadratically on
    large batches), and written with one UPDATE per batch instead of the ORM's UPDATE per
    record and value. rows (the inserted values, in the order of records) go to the cache
    first, so computing reads nothing back from the database."""
    todo = [field for field in records._fields.values()
            if field.store and field.compute and field.column_type and records._recompute_check(field)]
    if not todo:
        return
    for field in todo:
        records._recompute_done(field)
    known = []
    if rows is not None:
        names = {path.split(".")[0] for field in todo for path in field.depends}
        known = [records._fields[name] for name in sorted(names) if name in records._fields]
        known = [field for field in known if field.store and field not in todo
                 and (field.column_type or field.type in ("one2many", "many2many"))]
    # Column names and types come from the model's fields, never from user input.
    query = 'UPDATE "%s" AS t SET %s FROM (VALUES %%s) AS v(id, %s) WHERE t.id = v.id' % (
        records._table,
        ", ".join('"%s" = v."%s"::%s' % (field.name, field.name, field.column_type[0]) for field in todo),
        ", ".join('"%s"' % field.name for field in todo),
    )
    cache = records.env.cache
    for start in range(0, len(records), batch):
        part = records[start:start + batch]
        if known:
            for record, row in zip(part, rows[start:start + batch]):
                for field in known:
                    value = row.get(field.name, [] if field.type in ("one2many", "many2many") else False)
                    cache.set(record, field, field.convert_to_cache(value, record, validate=False))
        for field in todo:
            part._recompute_todo(field)
        data = []
        for record in part:
            values = [record.id]
            for field in todo:
                value = field.convert_to_write(record[field.name], record)
                values.append(field.convert_to_column(value, record))
            data.append(values)
        for field in todo:
            part._recompute_done(field)
        execute_values(records.env.cr, query, data, page_size=batch)
        part.invalidate_cache()
