"""The motivos de urgência the senders choose from (``GET motivosUrgencia``, spec §3 #8).

The spec shows only the shape (``{motivosUrgencia:[{descricao}]}``; clients number them 1..n by position,
and send that number as ``motivoDaUrgencia``), not the bus's list: these descriptions are ours. The order
is part of the contract: append new reasons at the end, never reorder.
"""

MOTIVOS_DE_URGENCIA: tuple[str, ...] = (
    "Prazo judicial",
    "Prazo legal ou regulamentar",
    "Determinação de autoridade superior",
    "Risco à saúde, à vida ou à segurança",
    "Risco de dano ao erário",
    "Outro",
)
