"""Uploaded documents of access requests: accepted by content (magic bytes), not by name."""

from django.core.exceptions import ValidationError

TAMANHO_MAXIMO = 10 * 1024 * 1024  # 10 MB

# extension → (signature at offset 0, content type)
TIPOS = {
    "pdf": (b"%PDF-", "application/pdf"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
}


def detectar_tipo(arquivo) -> str | None:
    """The extension matching the file's first bytes, or None; the read position is restored."""
    posicao = arquivo.tell() if hasattr(arquivo, "tell") else 0
    arquivo.seek(0)
    inicio = arquivo.read(8)
    arquivo.seek(posicao)
    for extensao, (assinatura, _mime) in TIPOS.items():
        if inicio.startswith(assinatura):
            return extensao
    return None


def tipo_mime(extensao: str | None) -> str:
    return TIPOS[extensao][1] if extensao in TIPOS else "application/octet-stream"


def validar_documento(arquivo) -> None:
    """Form validator: PDF, PNG or JPEG by content, at most 10 MB. Marks ``arquivo.tipo_detectado``."""
    if arquivo.size == 0:
        raise ValidationError("O arquivo está vazio.", code="vazio")
    if arquivo.size > TAMANHO_MAXIMO:
        raise ValidationError("O arquivo tem mais de 10 MB. Envie um arquivo menor.", code="grande")
    extensao = detectar_tipo(arquivo)
    if extensao is None:
        raise ValidationError(
            "Formato não aceito: envie um arquivo PDF, PNG ou JPEG (o conteúdo do arquivo é verificado, "
            "não só o nome).",
            code="formato",
        )
    arquivo.tipo_detectado = extensao
