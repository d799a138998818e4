import logging

from portal.context import contexto_atual


class RequestIdFilter(logging.Filter):
    """Adds the current request id (or '-') to every log record."""

    def filter(self, record):
        record.request_id = contexto_atual().request_id or "-"
        return True
