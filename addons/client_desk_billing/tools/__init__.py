from . import overview_sql, statement, structured_communication  # noqa: F401
