"""django-tables2 tables of the trâmites' pages, one module per page."""
