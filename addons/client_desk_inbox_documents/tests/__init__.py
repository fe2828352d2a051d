from . import test_inbox_documents
