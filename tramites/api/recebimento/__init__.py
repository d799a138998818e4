"""The receiver's side of the trâmite API and the queries (views, OpenAPI shapes)."""
