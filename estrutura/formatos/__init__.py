"""Readers of the files the importers accept. Pure: they read bytes and return records or failures."""

from dataclasses import dataclass

MAXIMO_DE_FALHAS = 200


def problema_de_caractere(texto: str) -> str | None:
    """Why ``texto`` cannot be stored as a name or code (NUL, other control characters); None if fine.

    PostgreSQL refuses NUL outright and spreadsheets refuse the other C0 controls, so they are caught
    when the file is read, with the field named, instead of failing later as an internal error.
    """
    for caractere in texto:
        if caractere == "\x00":
            return "contém o caractere nulo (NUL, código 0), que não é aceito."
        if ord(caractere) < 32 or ord(caractere) == 127:
            return f"contém um caractere de controle (código {ord(caractere)}), que não é aceito."
    return None


@dataclass(frozen=True)
class Falha:
    """Where a file is wrong: which file, which record (or line), which field, and why."""

    arquivo: str
    registro: str
    campo: str
    mensagem: str

    def texto(self) -> str:
        partes = [p for p in (self.arquivo, self.registro) if p]
        onde = ", ".join(partes)
        campo = f"campo {self.campo}: " if self.campo else ""
        return f"{onde}: {campo}{self.mensagem}" if onde else f"{campo}{self.mensagem}"

    def como_dict(self) -> dict:
        return {"arquivo": self.arquivo, "registro": self.registro, "campo": self.campo, "mensagem": self.mensagem}


class ErroDeLeitura(Exception):
    """The file cannot be imported; nothing was changed. ``falhas`` says where and why."""

    def __init__(self, falhas: list[Falha]):
        self.falhas = falhas[:MAXIMO_DE_FALHAS]
        self.total = len(falhas)
        super().__init__("; ".join(f.texto() for f in self.falhas[:5]))
