from . import statement, structured_communication  # noqa: F401
