"""django-filter filtersets of the trâmites' pages, one module per page."""
